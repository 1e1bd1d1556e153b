package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.RestartStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.api.v1alpha1.SwitchStatus;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.OwnedBackup;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.desired.UploadsRestoreJob;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Observation;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Plan;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Purpose;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Records;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Step;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A LoomioRestore once the data tier has stopped for it, as a pure decision (the stop before it is
 * {@link PlannedStop}'s, with a {@code PreRestore} safety backup). In order:
 * <ol>
 *   <li>the choice goes into the restore ConfigMap, and in development the data PVCs are deleted (their data is in
 *       the safety backup), before anything starts: a Postgres that started first would restore the newest backup;</li>
 *   <li>Postgres and Redis start, the app tier does not; Postgres' restore init container restores the chosen
 *       backup;</li>
 *   <li>a Job ({@link UploadsRestoreJob}) brings back the uploads of that backup the volume lacks;</li>
 *   <li>a {@code PostRestore} backup of the restored data: from then on it is the newest backup, so any later start
 *       of Postgres brings the restored data back, not the data it replaced. Until it is stored the choice stays in
 *       the ConfigMap and the app tier stays stopped, so a Postgres restart in between restores the chosen backup
 *       again and loses nothing;</li>
 *   <li>the choice is taken out and everything starts.</li>
 * </ol>
 * When the chosen backup cannot be restored (on no target, not authentic), nothing was written yet: Postgres is
 * stopped (it waits in a failing init container), the choice is taken out, and the next start restores the newest
 * backup (the safety backup); the restore ends Failed. Deleting the LoomioRestore before it completed does the same.
 */
public final class RequestedRestore {
    /** Why a restore ended without restoring: its LoomioRestore was deleted. */
    static final String CANCELLED = "the LoomioRestore was deleted before the restore completed";

    private RequestedRestore() {
    }

    /** @return the record of a restore that begins now */
    static RestoreRequestStatus record(LoomioRestore r, Instant now) {
        return RestoreRequestStatus.begin(r.getMetadata().getName(), r.getSpec().getBackup(), r.getSpec().getBefore(),
                r.getSpec().getSource() == null ? null : r.getSpec().getSource().path(), now.toString());
    }

    /** @return {@code <instance>-prerestore-<8 hex digits of SHA-256(restore name)>}: at most 39 + 12 + 8 */
    public static String safetyBackupName(LoomioInstance i, LoomioRestore r) {
        return Names.preRestoreBackup(i, r.getMetadata().getName());
    }

    /** @return {@code <instance>-postrestore-<8 hex digits of SHA-256(restore name)>}: at most 39 + 13 + 8 */
    public static String postRestoreBackupName(LoomioInstance i, String restore) {
        return Names.postRestoreBackup(i, restore);
    }

    /** @return the safety backup to create: kind PreRestore, owned by the instance */
    static LoomioBackup desiredSafetyBackup(LoomioInstance i, String name) {
        return OwnedBackup.desired(i, name, "pre-restore-backup", BackupKind.PRE_RESTORE);
    }

    /** @return a restore refused before anything stopped: everything keeps running */
    static Plan refused(LoomioInstance i, RestoreRequestStatus record, Instant now, String why) {
        return finished(i, record.finish(now.toString(), why), ConditionReason.LOOMIO_RESTORE_FAILED, "LoomioRestore "
                + record.name() + " restored nothing: " + why, true);
    }

    /**
     * @param running the instance's record of the restore, its data tier stopped
     * @param requested its LoomioRestore; empty when it was deleted (the restore is cancelled)
     * @param observe reads the cluster, given the LoomioBackup to read (the safety backup before Postgres starts,
     *     the PostRestore backup after)
     */
    static Plan afterStop(LoomioInstance i, RestoreRequestStatus running, Optional<LoomioRestore> requested,
            Function<String, Observation> observe, Instant now) {
        String asWas = running.safetyBackup() == null
                ? "the newest backup"
                : "safety backup " + running.safetyBackup()
                        + (running.safetyBackupName() == null ? "" : " (" + running.safetyBackupName() + ")");
        if (running.failure() != null || requested.isEmpty()) {
            String why = running.failure() != null ? running.failure() : CANCELLED;
            RestoreRequestStatus ending = running.finish(null, why);
            if (running.dataStarted() == Boolean.TRUE) {
                // Postgres may hold the chosen data, or wait in a failing init container: stop it, take the choice
                // out, and let the next start restore the newest backup (the safety backup) at once.
                Observation o = observe.apply(null);
                if (!o.dataPodsGone() || !o.choice().equals(RestoreChoice.NEWEST)) {
                    return step(i, Step.PREPARING_RESTORE, Tiers.NONE, ending, Optional.empty(),
                            ConditionReason.LOOMIO_RESTORE_FAILED, "LoomioRestore " + running.name() + " restored"
                                    + " nothing (" + why + "): stopping Postgres, to start it again on " + asWas,
                            true, RestoreChoice.NEWEST);
                }
            }
            return finished(i, ending.finish(now.toString(), why), ConditionReason.LOOMIO_RESTORE_FAILED,
                    "LoomioRestore " + running.name() + " restored nothing: " + why + ". Postgres restores " + asWas
                            + ", the data as it was, then the app tier starts",
                    true);
        }
        RestoreChoice choice = new RestoreChoice(running.backup(), running.before(), running.sourceInstance());
        String post = postRestoreBackupName(i, running.name());
        if (running.dataStarted() != Boolean.TRUE) {
            Observation o = observe.apply(running.safetyBackup());
            String safetyFile = o.backup().filter(b -> b.getStatus() != null).map(b -> b.getStatus().backupName())
                    .orElse(running.safetyBackupName());
            boolean ready = o.choice().equals(choice) && o.dataPodsGone() && o.dataClaimsGone();
            return step(i, ready ? Step.RESTORING : Step.PREPARING_RESTORE, ready ? Tiers.DATA_ONLY : Tiers.NONE,
                    running.starting(safetyFile, ready), Optional.empty(),
                    ready ? ConditionReason.RESTORING_BACKUP : ConditionReason.PREPARING_RESTORE,
                    ready
                            ? "restoring a chosen backup: Postgres starts, restoring " + running.describe()
                                    + "; the app tier waits"
                            : "restoring a chosen backup: handing " + running.describe() + " to Postgres before it"
                                    + " starts",
                    false, choice);
        }
        Observation o = observe.apply(post);
        RestoreReport restore = o.restore();
        if (restore.failure().isPresent() && restore.permanent()) {
            String why = restore.failure().get();
            return step(i, Step.PREPARING_RESTORE, Tiers.NONE, running.finish(null, why), Optional.empty(),
                    ConditionReason.LOOMIO_RESTORE_FAILED, "LoomioRestore " + running.name() + " restored nothing ("
                            + why + "): stopping Postgres, to start it again on " + asWas,
                    true, RestoreChoice.NEWEST);
        }
        if (restore.completed() && !restore.chosen()) {
            // A Postgres that started before the choice reached it (or found its data directory initialized):
            // stop it, and start again once the choice is in place.
            return step(i, Step.PREPARING_RESTORE, Tiers.NONE, running.starting(running.safetyBackupName(), false),
                    Optional.empty(), ConditionReason.PREPARING_RESTORE, "restoring a chosen backup: Postgres"
                            + " restored " + restore.restoredBackup() + ", not " + running.describe()
                            + "; stopping it to start again with the choice",
                    false, choice);
        }
        if (!restore.completed() || !o.postgresReady()) {
            String failing = restore.failure().map(f -> "; the last try failed (it is retried): " + f).orElse("");
            return step(i, Step.RESTORING, Tiers.DATA_ONLY, running, Optional.empty(),
                    ConditionReason.RESTORING_BACKUP, "restoring a chosen backup: Postgres restores "
                            + running.describe() + failing + ". Delete LoomioRestore " + running.name()
                            + " to cancel (Postgres then restores " + asWas + ")",
                    restore.failure().isPresent(), choice);
        }
        RestoreRequestStatus restored = running.restored(restore.restoredBackup(), restore.source(), post);
        String what = restore.restoredBackup() + " (from " + restore.source() + ")";
        if (running.uploadsRestored() != Boolean.TRUE) {
            String job = UploadsRestoreJob.name(i, running.name());
            Optional<JobCondition> end = o.uploadsJob().flatMap(RequestedRestore::finished);
            if (end.isPresent() && "Complete".equals(end.get().getType())) {
                restored = restored.uploadsBack();
            } else if (end.isPresent()) {
                return step(i, Step.BLOCKED, Tiers.DATA_ONLY, restored, Optional.empty(),
                        ConditionReason.PLANNED_STOP_BLOCKED, "restored " + what + ", but bringing back its uploads"
                                + " failed (Job " + job + ": " + end.get().getReason() + "; kubectl logs job/" + job
                                + " says why). Delete Job " + job + " to try again, or delete LoomioRestore "
                                + running.name() + " to go back to " + asWas,
                        true, choice, false);
            } else {
                return step(i, Step.RESTORING, Tiers.DATA_ONLY, restored, Optional.empty(),
                        ConditionReason.RESTORING_BACKUP, "restored " + what + "; bringing back the uploads of that"
                                + " backup the volume lacks (Job " + job + ")",
                        false, choice, o.uploadsJob().isEmpty());
            }
        }
        if (o.backup().isEmpty()) {
            return step(i, Step.BACKING_UP_RESTORED_DATA, Tiers.DATA_ONLY, restored, Optional.of(OwnedBackup.desired(i,
                    post, "post-restore-backup", BackupKind.POST_RESTORE)), ConditionReason.BACKING_UP_RESTORED_DATA,
                    "restored " + what + "; backing it up (LoomioBackup " + post + ") before the app tier starts",
                    false, choice);
        }
        BackupPhase phase = o.backup().get().getStatus() == null ? null : o.backup().get().getStatus().phase();
        if (phase == BackupPhase.COMPLETED) {
            String undo = running.safetyBackupName() == null
                    ? "there was no data to back up before it"
                    : "to undo it, restore " + running.safetyBackupName() + " (LoomioBackup " + running.safetyBackup()
                            + ", the data as it was) with a new LoomioRestore";
            return finished(i, restored.finish(now.toString(), null), ConditionReason.BACKUP_RESTORED, "LoomioRestore "
                    + running.name() + " restored " + what + " and backed it up as "
                    + o.backup().get().getStatus().backupName() + "; the app tier starts. " + undo.substring(0, 1)
                            .toUpperCase()
                    + undo.substring(1), false);
        }
        if (phase == BackupPhase.FAILED) {
            return step(i, Step.BLOCKED, Tiers.DATA_ONLY, restored, Optional.empty(),
                    ConditionReason.PLANNED_STOP_BLOCKED, "restored " + what + ", but its backup " + post + " failed: "
                            + o.backup().get().getStatus().error() + ". The app tier stays stopped until the restored"
                            + " data is backed up (a Postgres start before that restores " + running.describe()
                            + " again, and would lose what was written since). Fix the cause and delete LoomioBackup "
                            + post + " to try again",
                    true, choice);
        }
        return step(i, Step.BACKING_UP_RESTORED_DATA, Tiers.DATA_ONLY, restored, Optional.empty(),
                ConditionReason.BACKING_UP_RESTORED_DATA, "restored " + what + "; LoomioBackup " + post + " "
                        + (phase == null ? "pending" : phase.toString().toLowerCase()) + " before the app tier starts",
                false, choice);
    }

    private static Plan step(LoomioInstance i, Step step, Tiers tiers, RestoreRequestStatus record,
            Optional<LoomioBackup> create, ConditionReason reason, String message, boolean warning,
            RestoreChoice choice) {
        return step(i, step, tiers, record, create, reason, message, warning, choice, false);
    }

    private static Plan step(LoomioInstance i, Step step, Tiers tiers, RestoreRequestStatus record,
            Optional<LoomioBackup> create, ConditionReason reason, String message, boolean warning,
            RestoreChoice choice, boolean startUploadsJob) {
        return new Plan(Purpose.RESTORE, step, tiers, records(i, record), create, reason, message, warning, choice,
                startUploadsJob);
    }

    /** @return the Job's Complete or Failed condition, once it has one */
    private static Optional<JobCondition> finished(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null
                ? Optional.empty()
                : job.getStatus().getConditions().stream()
                        .filter(c -> "True".equals(c.getStatus())
                                && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
                        .findFirst();
    }

    private static Plan finished(LoomioInstance i, RestoreRequestStatus record, ConditionReason reason, String message,
            boolean warning) {
        return new Plan(Purpose.RESTORE, Step.RESTORE_FINISHED, Tiers.ALL, records(i, record), Optional.empty(), reason,
                message, warning, RestoreChoice.NEWEST, false);
    }

    private static Records records(LoomioInstance i, RestoreRequestStatus record) {
        RestartStatus restart = i.getStatus() == null ? null : i.getStatus().getRestart();
        SwitchStatus environmentSwitch = i.getStatus() == null ? null : i.getStatus().getEnvironmentSwitch();
        return new Records(null, restart, environmentSwitch, record);
    }
}
