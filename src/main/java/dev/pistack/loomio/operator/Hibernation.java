package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Owners;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.status.ConditionReason;
import dev.pistack.loomio.operator.status.Hibernating;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hibernation ({@code spec.hibernate: true}) as a pure decision: the seed system's {@code make stop}, in order. The
 * app tier stops first (no new writes), then a {@code Final} LoomioBackup of the still-running database is taken,
 * then Postgres and Redis stop and the CronJobs are suspended. Resuming ({@code false}) starts everything again; the
 * Postgres start restores the newest backup, which is that final one.
 *
 * <p>Each step follows from what is observed, so a restarted operator goes on where it was: the final backup's name
 * is recorded in {@code status.hibernation}, and a data tier already stopped for this hibernation stays stopped.
 * {@code spec.backup.finalBackup.policy} (and the annotation {@value FinalBackup#SKIP_ANNOTATION}) say what happens
 * when no final backup can be had, as they do on delete: Required waits and says what blocks it.
 */
public final class Hibernation {
    private Hibernation() {
    }

    /** Where a hibernation stands. */
    public enum Step {
        /** spec.hibernate is false: everything runs. */
        AWAKE,
        /** The app tier's pods are terminating. */
        STOPPING_APP_TIER,
        /** The final LoomioBackup waits or runs. */
        TAKING_FINAL_BACKUP,
        /** Postgres' and Redis' pods are terminating. */
        STOPPING_DATA_TIER,
        /** Nothing runs. */
        HIBERNATED,
        /** No final backup can be had and the policy is Required: the data tier keeps running until the user acts. */
        BLOCKED
    }

    /**
     * What the decision needs of the cluster, read from informer caches and (during a transition) the API server.
     *
     * @param dataTierStopped the Postgres StatefulSet is absent, or has 0 replicas for the hibernation that status
     *     records (a restarted operator must not start it again to take a backup)
     * @param dataPodsGone no Postgres or Redis pod exists
     * @param appPodsGone no pod of the app, worker, channels or hocuspocus exists (terminating ones included: a
     *     Sidekiq job finishing may still write)
     * @param postgresReady the Postgres pod exists, is not being deleted and is Ready
     * @param backup the hibernation's LoomioBackup, once created
     */
    public record Observation(boolean dataTierStopped, boolean dataPodsGone, boolean appPodsGone,
            boolean postgresReady, Optional<LoomioBackup> backup) {
    }

    /**
     * The next step.
     *
     * @param step where the hibernation stands
     * @param tiers what runs: the desired state's replicas and CronJob suspension
     * @param status status.hibernation to write; null when awake
     * @param create the LoomioBackup to create now, if any
     * @param reason Hibernated's reason (and Ready's while hibernate is true); null when awake
     * @param message for the condition and its Event; never a secret
     * @param warning true when the user should look (a Warning Event)
     */
    public record Plan(Step step, Tiers tiers, HibernationStatus status, Optional<LoomioBackup> create,
            ConditionReason reason, String message, boolean warning) {
        /** @return what the status shows of it; empty when awake */
        public Optional<Hibernating> view() {
            return step == Step.AWAKE
                    ? Optional.empty()
                    : Optional.of(new Hibernating(reason, message, !tiers.app(), !tiers.data(), status));
        }

        /** @return true while the hibernation moves on by itself: the reconciler looks again soon */
        public boolean inTransition() {
            return step == Step.STOPPING_APP_TIER || step == Step.TAKING_FINAL_BACKUP
                    || step == Step.STOPPING_DATA_TIER;
        }
    }

    /** spec.hibernate is false: everything runs. */
    public static final Plan AWAKE = new Plan(Step.AWAKE, Tiers.ALL, null, Optional.empty(), null, null, false);

    /** @return {@code <instance>-hibernate-<generation>}: at most 39 + 11 + 13 characters */
    public static String backupName(LoomioInstance i, long generation) {
        return i.getMetadata().getName() + "-hibernate-" + generation;
    }

    /** @return status.hibernation of the instance, or null */
    static HibernationStatus recorded(LoomioInstance i) {
        return i.getStatus() == null ? null : i.getStatus().getHibernation();
    }

    /**
     * @return the name of the LoomioBackup this hibernation uses (recorded, or derived from the generation), empty
     *     when awake or when it hibernated without one
     */
    public static Optional<String> backupToRead(LoomioInstance i) {
        if (!i.getSpec().isHibernate()) {
            return Optional.empty();
        }
        HibernationStatus recorded = recorded(i);
        if (recorded != null) {
            return Optional.ofNullable(recorded.backup());
        }
        return Optional.of(backupName(i, generation(i)));
    }

    /** @return the LoomioBackup to create: kind Final, owned by the instance (its record goes with it) */
    public static LoomioBackup desiredBackup(LoomioInstance i, String name) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, "hibernation-backup"))
                .withOwnerReferences(List.of(Owners.controller(i))).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference(i.getMetadata().getName()));
        spec.setKind(BackupKind.FINAL);
        b.setSpec(spec);
        return b;
    }

    /**
     * @param i the instance
     * @param o what was observed
     * @return what runs, what to create and what to say
     */
    public static Plan plan(LoomioInstance i, Observation o) {
        if (!i.getSpec().isHibernate()) {
            return AWAKE;
        }
        HibernationStatus recorded = recorded(i);
        long requested = recorded == null ? generation(i) : recorded.requestedGeneration();
        if (o.dataTierStopped()) {
            HibernationStatus status = recorded != null ? recorded : new HibernationStatus(null, requested);
            return stopped(o, status, "hibernating: stopping Postgres and Redis");
        }
        Optional<String> skip = skipReason(i);
        String name = backupName(i, requested);
        if (!o.appPodsGone()) {
            return new Plan(Step.STOPPING_APP_TIER, Tiers.DATA_ONLY,
                    new HibernationStatus(skip.isPresent() ? null : name, requested), Optional.empty(),
                    ConditionReason.STOPPING_APP_TIER, "hibernating: stopping the app tier before the final backup",
                    false);
        }
        if (skip.isPresent()) {
            return stopped(o, new HibernationStatus(null, requested),
                    "hibernating without a final backup: " + skip.get());
        }
        FinalBackupPolicy policy = FinalBackup.policy(i);
        HibernationStatus withBackup = new HibernationStatus(name, requested);
        HibernationStatus without = new HibernationStatus(null, requested);
        if (o.backup().isEmpty()) {
            if (!o.postgresReady()) {
                if (policy == FinalBackupPolicy.BEST_EFFORT) {
                    return warnedStop(o, without, "hibernating without a final backup: Postgres is not ready"
                            + " (BestEffort); " + newest(i));
                }
                return blocked(withBackup, "Postgres is not ready, so no final backup can be taken; the"
                        + " hibernation waits for it (policy Required). Set spec.hibernate to false to resume, or"
                        + " annotate the instance " + FinalBackup.SKIP_ANNOTATION + "=true to hibernate without"
                        + " one (" + newest(i) + "; later writes are lost)");
            }
            return new Plan(Step.TAKING_FINAL_BACKUP, Tiers.DATA_ONLY, withBackup,
                    Optional.of(desiredBackup(i, name)), ConditionReason.TAKING_FINAL_BACKUP,
                    "hibernating: app tier stopped; final backup " + name + " started", false);
        }
        LoomioBackup b = o.backup().get();
        BackupPhase phase = b.getStatus() == null ? null : b.getStatus().phase();
        if (phase == BackupPhase.COMPLETED) {
            return stopped(o, withBackup, "hibernating: final backup " + describe(o.backup(), name)
                    + " stored; stopping Postgres and Redis");
        }
        if (phase == BackupPhase.FAILED) {
            String error = b.getStatus().error();
            if (policy == FinalBackupPolicy.BEST_EFFORT) {
                return warnedStop(o, without, "final backup " + name + " failed (" + error
                        + "); hibernating anyway (BestEffort); " + newest(i));
            }
            return blocked(withBackup, "final backup " + name + " failed: " + error + ". Postgres keeps running"
                    + " (policy Required): fix the cause and delete LoomioBackup " + name + " to try again, set"
                    + " spec.hibernate to false to resume, or annotate the instance " + FinalBackup.SKIP_ANNOTATION
                    + "=true to hibernate without one");
        }
        return new Plan(Step.TAKING_FINAL_BACKUP, Tiers.DATA_ONLY, withBackup, Optional.empty(),
                ConditionReason.TAKING_FINAL_BACKUP, "hibernating: app tier stopped; final backup " + name + " "
                        + (phase == null ? "pending" : phase.toString().toLowerCase()),
                false);
    }

    /** Postgres and Redis stop (or have stopped); the message says why while they stop. */
    private static Plan stopped(Observation o, HibernationStatus status, String stopping) {
        if (o.dataPodsGone()) {
            String where = status.backup() == null
                    ? "hibernated without a final backup; on resume Postgres restores the newest backup"
                    : "hibernated; its data is in final backup " + describe(o.backup(), status.backup());
            return new Plan(Step.HIBERNATED, Tiers.NONE, status, Optional.empty(), ConditionReason.HIBERNATED,
                    where + ". Set spec.hibernate to false to resume", false);
        }
        return new Plan(Step.STOPPING_DATA_TIER, Tiers.NONE, status, Optional.empty(),
                ConditionReason.STOPPING_DATA_TIER, stopping, false);
    }

    private static Plan warnedStop(Observation o, HibernationStatus status, String message) {
        Plan p = stopped(o, status, message);
        return new Plan(p.step(), p.tiers(), p.status(), p.create(), p.reason(), p.message(), true);
    }

    private static Plan blocked(HibernationStatus status, String message) {
        return new Plan(Step.BLOCKED, Tiers.DATA_ONLY, status, Optional.empty(),
                ConditionReason.HIBERNATION_BLOCKED, message, true);
    }

    /** @return why no final backup is taken, if none is: the annotation, policy Skip, or no backups configured */
    static Optional<String> skipReason(LoomioInstance i) {
        if (i.getMetadata().getAnnotations() != null
                && "true".equals(i.getMetadata().getAnnotations().get(FinalBackup.SKIP_ANNOTATION))) {
            return Optional.of("annotation " + FinalBackup.SKIP_ANNOTATION + " says so");
        }
        if (FinalBackup.policy(i) == FinalBackupPolicy.SKIP) {
            return Optional.of("backup.finalBackup.policy is Skip");
        }
        if (!BackupAgent.enabled(i)) {
            return Optional.of("the instance has no backup.secretRef (its data stays on its volumes)");
        }
        return Optional.empty();
    }

    private static String describe(Optional<LoomioBackup> backup, String name) {
        return backup.filter(b -> b.getStatus() != null && b.getStatus().backupName() != null)
                .map(b -> name + " (" + b.getStatus().backupName() + ", " + b.getStatus().size() + ")")
                .orElse(name);
    }

    private static String newest(LoomioInstance i) {
        Optional<BackupRecord> last = Optional.ofNullable(i.getStatus())
                .map(s -> s.getBackup()).map(b -> b.lastSuccess());
        return last.map(r -> "the newest backup is " + r.name() + " of " + r.time())
                .orElse("no backup of it was ever recorded");
    }

    private static long generation(LoomioInstance i) {
        return Objects.requireNonNullElse(i.getMetadata().getGeneration(), 0L);
    }
}
