package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MonitoringSpec;
import dev.pistack.loomio.contract.Targets;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.kube.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The BackupHealthy condition: True while the last successful backup is younger than
 * {@code monitoring.backupWarningAge} and reached an off-site target; False with the most urgent reason otherwise
 * (the seed system's Netdata alarm: warning after 1 h, critical after 2 h), and first of all when the last success
 * is dated in the future (a clock that ran ahead). A scheduled run that found the database unchanged since the last
 * success ({@link BackupStatus#confirms}) makes that backup as current as the run: the age counts from the run. It
 * does not feed Ready, Reconciling or
 * Stalled: old backups do not block a reconcile. Ages are measured against the clock given, and the result says when
 * it would next change on its own, so the operator looks again then even if nothing else happens.
 */
public final class BackupHealth {
    /**
     * @param healthy the condition's status
     * @param recheckAt when the age crosses the next threshold, if it will
     */
    public record Health(boolean healthy, ConditionReason reason, String message, Optional<Instant> recheckAt) {
    }

    /**
     * How far the last success may lie ahead of the operator's clock before it counts as dated in the future: the
     * backup pod and the operator may run on nodes whose clocks differ by that much.
     */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(2);

    private BackupHealth() {
    }

    /** @return the condition's content, or empty when the instance has no backups (no backup Secret) */
    public static Optional<Health> evaluate(LoomioInstance i, BackupStatus backup, Instant now) {
        if (!BackupAgent.enabled(i)) {
            return Optional.empty();
        }
        MonitoringSpec monitoring = i.getSpec().getMonitoring();
        Duration warning = GoDuration.parse(monitoring.getBackupWarningAge());
        Duration critical = GoDuration.parse(monitoring.getBackupCriticalAge());
        BackupRecord last = backup == null ? null : backup.lastSuccess();
        if (last == null) {
            if (backup != null && backup.lastFailure() != null) {
                return Optional.of(new Health(false, ConditionReason.BACKUP_FAILED, "no backup has succeeded yet; the"
                        + " last run failed: " + backup.lastFailure().message(), Optional.empty()));
            }
            return Optional.of(new Health(false, ConditionReason.NO_BACKUP_YET, "no backup has succeeded yet; they"
                    + " run on schedule " + i.getSpec().getBackup().getSchedule() + " (UTC), or take one now with"
                    + " kubectl create job --from=cronjob/" + i.getMetadata().getName() + "-backup <name>",
                    Optional.empty()));
        }
        Instant taken = Instant.parse(last.time());
        Duration ahead = Duration.between(now, taken);
        if (ahead.compareTo(CLOCK_TOLERANCE) > 0) {
            return Optional.of(new Health(false, ConditionReason.BACKUP_DATED_IN_THE_FUTURE, "last backup "
                    + last.name() + " is dated " + last.time() + ", " + human(ahead) + " ahead of the operator's"
                    + " clock: a clock ran ahead when it was taken. The agent stores no backup older than the newest,"
                    + " so every run fails until the clocks pass that time: set the node's clock right (NTP) and"
                    + " delete that backup from each target (docs/backups.md, A clock that ran ahead)",
                    Optional.of(taken.minus(CLOCK_TOLERANCE))));
        }
        boolean confirmed = BackupStatus.confirms(backup.lastSkipped(), last);
        Instant current = BackupStatus.currentAsOf(backup).orElse(taken);
        Duration age = Duration.between(current, now);
        String lastText = confirmed
                ? "last backup " + last.name() + " " + human(Duration.between(taken, now)) + " ago, the database"
                        + " unchanged since (checked " + human(age) + " ago)"
                : "last backup " + last.name() + " " + human(age) + " ago";
        if (backup.lastFailure() != null) {
            return Optional.of(new Health(false, ConditionReason.BACKUP_FAILED, "the last run failed ("
                    + backup.lastFailure().message() + "); " + lastText, next(current, now, warning, critical)));
        }
        if (age.compareTo(critical) > 0) {
            return Optional.of(new Health(false, ConditionReason.BACKUP_CRITICALLY_OLD, lastText + ", older than"
                    + " backupCriticalAge " + monitoring.getBackupCriticalAge(), Optional.empty()));
        }
        if (age.compareTo(warning) > 0) {
            return Optional.of(new Health(false, ConditionReason.BACKUP_OLD, lastText + ", older than"
                    + " backupWarningAge " + monitoring.getBackupWarningAge(), next(current, now, warning, critical)));
        }
        if (i.getSpec().getEnvironment().ramMode()
                && (last.targets() == null
                        || StatusValues.of(last.targets()).stream()
                                .noneMatch(StatusValues.of(Targets.OFFSITE)::contains))) {
            return Optional.of(new Health(false, ConditionReason.NO_OFFSITE_TARGET, lastText + ", on the local volume"
                    + " only: the database lives in RAM and its backups on this node's disk; add an off-site target to"
                    + " Secret " + i.getSpec().getBackup().getSecretRef().getName() + ": S3_BUCKET with its"
                    + " S3_* settings, or GDRIVE_FOLDER_ID with Drive credentials (docs/backups.md)",
                    next(current, now, warning, critical)));
        }
        return Optional.of(new Health(true, ConditionReason.BACKUP_RECENT, lastText + " in "
                + String.join(", ", last.targets()), next(current, now, warning, critical)));
    }

    private static Optional<Instant> next(Instant taken, Instant now, Duration warning, Duration critical) {
        for (Duration threshold : new Duration[]{warning, critical}) {
            Instant at = taken.plus(threshold).plusSeconds(1);
            if (at.isAfter(now)) {
                return Optional.of(at);
            }
        }
        return Optional.empty();
    }

    private static String human(Duration age) {
        long minutes = Math.max(0, age.toMinutes());
        return minutes < 120 ? minutes + " min" : (minutes / 60) + " h";
    }
}
