package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupFailure;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The LoomioBackup state machine, as a pure function of what was observed: Pending (waiting for the instance, its
 * database, or the runs ahead of it: one backup of an instance at a time) → Running (its Job exists) → Completed or
 * Failed (final: a finished LoomioBackup never runs again, even when its Job is deleted). Every step is idempotent;
 * an operator restarted in the middle computes the same step from the same objects.
 */
public final class BackupProgress {
    private BackupProgress() {
    }

    /**
     * What to do next.
     *
     * @param status the status to write (equal to the current one when nothing changed)
     * @param createJob true when the Job is to be created now
     * @param waiting true while Pending: nothing watched announces the end of every wait (another instance's backup
     *     CronJob, the instance's creation), so the controller looks again after a while
     */
    public record Step(LoomioBackupStatus status, boolean createJob, boolean waiting) {
    }

    /**
     * @param o what the controller saw
     * @param now the clock's time, for startedAt/completedAt and the conditions' lastTransitionTime
     * @return the next step; never creates a Job for a finished LoomioBackup or for one whose Job exists
     */
    public static Step next(BackupObserved o, Instant now) {
        LoomioBackup b = o.backup();
        LoomioBackupStatus current = b.getStatus();
        if (current != null && current.phase() != null && current.phase().finished()) {
            return new Step(current, false, false);
        }
        if (o.job().isPresent()) {
            return new Step(fromJob(b, o.job().get(), o, now), false, false);
        }
        if (current != null && current.phase() == BackupPhase.RUNNING) {
            return new Step(failed(b, now, ConditionReason.BACKUP_JOB_FAILED, "its Job " + current.job()
                    + " was deleted before it finished; older backups are untouched. Create a new LoomioBackup",
                    null), false, false);
        }
        Optional<LoomioInstance> instance = o.instance();
        String name = b.getSpec().getInstanceRef().name();
        if (instance.isEmpty()) {
            return pending(b, now, ConditionReason.INSTANCE_NOT_FOUND,
                    "LoomioInstance " + name + " does not exist in this namespace; waiting for it");
        }
        if (!BackupAgent.enabled(instance.get())) {
            return new Step(failed(b, now, ConditionReason.BACKUPS_NOT_CONFIGURED, "LoomioInstance " + name
                    + " has no spec.backup.secretRef: set it (docs/backups.md, \"Backups\"), then create a new LoomioBackup",
                    null), false, false);
        }
        if (!databaseReady(instance.get())) {
            return pending(b, now, ConditionReason.DATABASE_NOT_READY,
                    "the database of " + name
                            + " is not ready (condition DatabaseReady); the backup starts once it is");
        }
        if (!o.blockers().isEmpty()) {
            return pending(b, now, ConditionReason.QUEUED, "one backup of " + name + " at a time: waiting for "
                    + String.join(", ", o.blockers()));
        }
        return new Step(running(b, now, stamp(now), Optional.empty()), true, false);
    }

    private static LoomioBackupStatus fromJob(LoomioBackup b, Job job, BackupObserved o, Instant now) {
        String started = job.getMetadata().getCreationTimestamp() != null
                ? job.getMetadata().getCreationTimestamp()
                : startedAt(b).orElse(stamp(now));
        for (var pod : o.pods()) {
            Optional<BackupResults.Outcome> outcome = BackupResults.outcome(pod);
            if (outcome.isPresent() && outcome.get().success() != null) {
                return completed(b, now, started, outcome.get().success());
            }
            if (outcome.isPresent() && outcome.get().failure() != null) {
                BackupFailure f = outcome.get().failure();
                return failed(b, now, ConditionReason.of(f.reason()), f.message() + "; older backups are untouched",
                        started);
            }
        }
        Optional<JobCondition> jobFailed = job.getStatus() == null || job.getStatus().getConditions() == null
                ? Optional.empty()
                : job.getStatus().getConditions().stream()
                        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
        if (jobFailed.isPresent() && o.pods().isEmpty()) {
            JobCondition c = jobFailed.get();
            return failed(b, now, ConditionReason.BACKUP_JOB_FAILED, "Job " + job.getMetadata().getName()
                    + " failed (" + c.getReason() + ": " + c.getMessage() + "); older backups are untouched", started);
        }
        return running(b, now, started, o.progress());
    }

    private static boolean databaseReady(LoomioInstance i) {
        return i.getStatus() != null && Conditions.isTrue(i.getStatus().getConditions(), ConditionType.DATABASE_READY);
    }

    private static Step pending(LoomioBackup b, Instant now, ConditionReason reason, String message) {
        List<Condition> conditions = List.of(
                condition(b, ConditionType.READY, false, reason, message, now),
                condition(b, ConditionType.RECONCILING, true, reason, message, now),
                condition(b, ConditionType.STALLED, false, reason, "nothing blocks it for good", now));
        return new Step(LoomioBackupStatus.pending(b.getMetadata().getGeneration(), conditions), false, true);
    }

    private static LoomioBackupStatus running(LoomioBackup b, Instant now, String started,
            Optional<ProgressReport> progress) {
        String message = "the backup agent runs in Job " + Names.backupJob(b)
                + progress.map(p -> ": " + p.describe()).orElse("");
        List<Condition> conditions = List.of(
                condition(b, ConditionType.READY, false, ConditionReason.BACKUP_RUNNING, message, now),
                condition(b, ConditionType.RECONCILING, true, ConditionReason.BACKUP_RUNNING, message, now),
                condition(b, ConditionType.STALLED, false, ConditionReason.BACKUP_RUNNING, "running", now));
        return LoomioBackupStatus.running(b.getMetadata().getGeneration(), conditions, Names.backupJob(b), started,
                progress.map(ProgressReport::doneBytes).orElse(null));
    }

    private static LoomioBackupStatus completed(LoomioBackup b, Instant now, String started, BackupRecord r) {
        String message = "backup " + r.name() + " (" + human(r.sizeBytes()) + ") stored on "
                + String.join(" and ", r.targets());
        List<Condition> conditions = List.of(
                condition(b, ConditionType.READY, true, ConditionReason.BACKUP_COMPLETED, message, now),
                condition(b, ConditionType.RECONCILING, false, ConditionReason.BACKUP_COMPLETED, "done", now),
                condition(b, ConditionType.STALLED, false, ConditionReason.BACKUP_COMPLETED, "done", now));
        return LoomioBackupStatus.completed(b.getMetadata().getGeneration(), conditions, started,
                r.time() != null ? r.time() : stamp(now), r, human(r.sizeBytes()));
    }

    private static LoomioBackupStatus failed(LoomioBackup b, Instant now, ConditionReason reason, String error,
            String started) {
        List<Condition> conditions = List.of(
                condition(b, ConditionType.READY, false, reason, error, now),
                condition(b, ConditionType.RECONCILING, false, reason, "failed for good", now),
                condition(b, ConditionType.STALLED, true, reason, error, now));
        String job = b.getStatus() != null ? b.getStatus().job() : null;
        return LoomioBackupStatus.failed(b.getMetadata().getGeneration(), conditions, job,
                started != null ? started : startedAt(b).orElse(null), stamp(now), error);
    }

    private static Optional<String> startedAt(LoomioBackup b) {
        return Optional.ofNullable(b.getStatus()).map(LoomioBackupStatus::startedAt);
    }

    private static Condition condition(LoomioBackup b, ConditionType type, boolean value, ConditionReason reason,
            String message, Instant now) {
        List<Condition> previous = b.getStatus() == null ? List.of() : b.getStatus().conditions();
        long generation = b.getMetadata().getGeneration() == null ? 0 : b.getMetadata().getGeneration();
        return Conditions.of(previous, type, value, reason, message, generation, now);
    }

    private static String stamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** @return bytes for people, in binary units as Kubernetes quantities write them: 512Ki, 12.3Mi, 1.2Gi */
    static String human(Long bytes) {
        if (bytes == null) {
            return null;
        }
        String[] units = {"Ki", "Mi", "Gi", "Ti"};
        if (bytes < 1024) {
            return bytes + "B";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + units[u];
    }
}
