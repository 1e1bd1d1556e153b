package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.FinalBackupSpec;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.GoDuration;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The final backup on delete, as a pure decision: what the finalizer does next for a LoomioInstance being deleted.
 * The operator stops the app tier and waits until its pods are gone, terminating ones included (no new writes), takes
 * a {@code Final} LoomioBackup (not owned by the instance, so it stays as a record), and lets deletion go on once it
 * completed. {@code spec.backup.finalBackup.policy} says what
 * a failure means; the annotation {@value #SKIP_ANNOTATION}{@code =true} deletes without it on purpose. A Postgres pod
 * that is already gone (foreground or namespace deletion deletes dependents first) is never waited for: a Warning
 * names the newest backup and its age, and deletion goes on.
 */
public final class FinalBackup {
    /** Annotation on the LoomioInstance: {@code "true"} deletes it without a final backup. */
    public static final String SKIP_ANNOTATION = "loomio.pistack.dev/skip-final-backup";
    /** The finalizer the API server puts on an object deleted with propagationPolicy Foreground. */
    static final String FOREGROUND_DELETION = "foregroundDeletion";

    private FinalBackup() {
    }

    /** What the finalizer does next. */
    public enum Action {
        /** Remove the finalizer: deletion goes on. */
        LET_GO,
        /** Stop the app tier and wait until its pods are gone, terminating ones included. */
        STOP_APP_TIER,
        /** The app tier's pods are gone: create the final LoomioBackup. */
        START,
        /** Keep the finalizer and look again soon: the final backup waits or runs. */
        WAIT,
        /** Keep the finalizer until the user acts (a Required final backup failed). */
        HOLD
    }

    /**
     * @param action what to do
     * @param warning true when the user should look (a Warning Event), false for a Normal one
     * @param reason the Event's reason, and Ready's while the finalizer holds
     * @param message for the Event and the condition; never a secret
     */
    public record Decision(Action action, boolean warning, ConditionReason reason, String message) {
    }

    /** @return {@code <instance>-final-<first 8 characters of its uid>}: one per instance, at most 56 characters */
    public static String backupName(LoomioInstance i) {
        return i.getMetadata().getName() + "-final-" + i.getMetadata().getUid().substring(0, 8);
    }

    /** @return the LoomioBackup to create: kind Final, labelled with the instance, owned by nothing */
    public static LoomioBackup desiredBackup(LoomioInstance i) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName(backupName(i)).withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, "final-backup")).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference(i.getMetadata().getName()));
        spec.setKind(BackupKind.FINAL);
        b.setSpec(spec);
        return b;
    }

    /** @return the policy: the spec's, else Required in production and BestEffort in development */
    public static FinalBackupPolicy policy(LoomioInstance i) {
        FinalBackupSpec spec = i.getSpec().getBackup() == null ? null : i.getSpec().getBackup().getFinalBackup();
        if (spec != null && spec.getPolicy() != null) {
            return spec.getPolicy();
        }
        return i.getSpec().getEnvironment() == Environment.PRODUCTION
                ? FinalBackupPolicy.REQUIRED
                : FinalBackupPolicy.BEST_EFFORT;
    }

    /**
     * @param i the instance, with its deletionTimestamp set
     * @param postgresReady true when its Postgres pod exists, is not being deleted and is Ready
     * @param appPodsGone no pod of the app, worker or hocuspocus exists, terminating ones included
     * @param backup the final LoomioBackup, once created
     * @param now the clock's time
     * @return the next step
     */
    public static Decision decide(LoomioInstance i, boolean postgresReady, boolean appPodsGone,
            Optional<LoomioBackup> backup, Instant now) {
        if (i.getMetadata().getAnnotations() != null
                && "true".equals(i.getMetadata().getAnnotations().get(SKIP_ANNOTATION))) {
            return new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_SKIPPED,
                    "deleted without a final backup, as annotation " + SKIP_ANNOTATION + " says");
        }
        FinalBackupPolicy policy = policy(i);
        if (policy == FinalBackupPolicy.SKIP) {
            return new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_SKIPPED,
                    "deleted without a final backup: backup.finalBackup.policy is Skip");
        }
        if (!BackupAgent.enabled(i)) {
            return new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_SKIPPED,
                    "deleted without a final backup: the instance has no backup.secretRef");
        }
        if (backup.isEmpty() && hibernated(i)) {
            String taken = i.getStatus().getHibernation() == null ? null : i.getStatus().getHibernation().backup();
            return taken == null
                    ? new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_SKIPPED,
                            "the instance hibernates without a final backup; " + newest(i, now) + "; deleting it")
                    : new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_COMPLETED,
                            "the instance hibernates: its data is in final backup " + taken
                                    + ", taken when it stopped; deleting it");
        }
        if (backup.isEmpty()) {
            boolean foreground = i.getMetadata().getFinalizers() != null
                    && i.getMetadata().getFinalizers().contains(FOREGROUND_DELETION);
            if (foreground) {
                return new Decision(Action.LET_GO, true, ConditionReason.FINAL_BACKUP_IMPOSSIBLE,
                        "no final backup: a foreground deletion (Argo CD's default prune) deletes the Postgres pod"
                                + " first; hibernate an instance before removing it; " + newest(i, now));
            }
            if (!postgresReady) {
                return new Decision(Action.LET_GO, true, ConditionReason.FINAL_BACKUP_IMPOSSIBLE,
                        "no final backup: the Postgres pod is gone or not ready (a foreground or namespace deletion"
                                + " deletes it first); " + newest(i, now));
            }
            if (!appPodsGone) {
                // A terminating pod still writes (a request in flight, a Solid Queue job): the backup would miss it.
                return new Decision(Action.STOP_APP_TIER, false, ConditionReason.STOPPING_APP_TIER,
                        "stopping the app tier; final backup " + backupName(i) + " starts once its pods are gone");
            }
            return new Decision(Action.START, false, ConditionReason.FINAL_BACKUP_RUNNING,
                    "app tier stopped; final backup " + backupName(i) + " runs before the instance is deleted");
        }
        LoomioBackup b = backup.get();
        BackupPhase phase = b.getStatus() == null ? null : b.getStatus().phase();
        if (phase == BackupPhase.COMPLETED) {
            return new Decision(Action.LET_GO, false, ConditionReason.FINAL_BACKUP_COMPLETED,
                    "final backup " + b.getStatus().backupName() + " (" + b.getStatus().size() + ") stored on "
                            + String.join(" and ", b.getStatus().targets()) + "; deleting the instance");
        }
        if (phase == BackupPhase.FAILED) {
            String error = b.getStatus().error();
            if (policy == FinalBackupPolicy.BEST_EFFORT) {
                return new Decision(Action.LET_GO, true, ConditionReason.FINAL_BACKUP_FAILED,
                        "final backup failed (" + error + "); deleting anyway (BestEffort); " + newest(i, now));
            }
            return new Decision(Action.HOLD, true, ConditionReason.FINAL_BACKUP_FAILED,
                    "final backup failed: " + error + ". The instance is kept (policy Required): fix the cause and"
                            + " delete LoomioBackup " + backupName(i) + " to try again, or annotate the instance "
                            + SKIP_ANNOTATION + "=true to delete it without one");
        }
        Duration timeout = GoDuration.parse(i.getSpec().getBackup().getFinalBackup().getTimeout());
        Instant deleted = Instant.parse(i.getMetadata().getDeletionTimestamp());
        if (now.isAfter(deleted.plus(timeout))) {
            if (policy == FinalBackupPolicy.BEST_EFFORT) {
                return new Decision(Action.LET_GO, true, ConditionReason.FINAL_BACKUP_FAILED,
                        "final backup " + backupName(i) + " did not finish within " + timeout.toMinutes()
                                + " min; deleting anyway (BestEffort); " + newest(i, now));
            }
            return new Decision(Action.WAIT, true, ConditionReason.FINAL_BACKUP_LATE,
                    "final backup " + backupName(i) + " still " + (phase == null ? "Pending" : phase)
                            + " after " + timeout.toMinutes() + " min; the instance is kept (policy Required)."
                            + " Annotate it " + SKIP_ANNOTATION + "=true to delete it without one");
        }
        return new Decision(Action.WAIT, false, ConditionReason.FINAL_BACKUP_RUNNING,
                "app tier stopped; final backup " + backupName(i) + " runs before the instance is deleted");
    }

    /** @return true when spec.hibernate is true and the Hibernated condition is True: nothing runs */
    private static boolean hibernated(LoomioInstance i) {
        return i.getSpec().isHibernate() && i.getStatus() != null
                && Conditions.isTrue(i.getStatus().getConditions(), ConditionType.HIBERNATED);
    }

    private static String newest(LoomioInstance i, Instant now) {
        Optional<BackupRecord> last = Optional.ofNullable(i.getStatus())
                .map(s -> s.getBackup()).map(b -> b.lastSuccess());
        return last.map(r -> "the newest backup is " + r.name() + ", "
                + Duration.between(Instant.parse(r.time()), now).toMinutes() + " min old")
                .orElse("no backup of it was ever recorded");
    }
}
