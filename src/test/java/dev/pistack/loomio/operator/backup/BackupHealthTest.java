package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupFailure;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupSkip;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The BackupHealthy rules against a fixed clock, with the sample's thresholds (warning 1h, critical 2h). */
class BackupHealthTest {
    private static final Instant TAKEN = Instant.parse("2026-11-21T10:17:00Z");
    private final LoomioInstance production = Samples.load(Samples.PRODUCTION, "ns");

    private static BackupStatus success(List<String> targets) {
        return new BackupStatus(new BackupRecord("loomio-hourly-20261121-101700.sql.gz.enc", "hourly",
                TAKEN.toString(), 1000L, 2.0, targets, "sha256:ab", "loomio-backup-1"), null);
    }

    private BackupHealth.Health at(BackupStatus backup, String now) {
        return BackupHealth.evaluate(production, backup, Instant.parse(now)).orElseThrow();
    }

    @Test
    void recentAndOffSiteIsHealthyUntilTheWarningAge() {
        BackupHealth.Health h = at(success(List.of("local", "drive")), "2026-11-21T11:16:00Z");
        assertThat(h.healthy()).isTrue();
        assertThat(h.reason()).isEqualTo(ConditionReason.BACKUP_RECENT);
        assertThat(h.message()).contains("59 min ago").contains("local, drive");
        assertThat(h.recheckAt()).contains(Instant.parse("2026-11-21T11:17:01Z"));
    }

    @Test
    void olderThanTheWarningAgeThenTheCriticalAge() {
        BackupHealth.Health warning = at(success(List.of("local", "drive")), "2026-11-21T11:18:00Z");
        assertThat(warning.healthy()).isFalse();
        assertThat(warning.reason()).isEqualTo(ConditionReason.BACKUP_OLD);
        assertThat(warning.recheckAt()).as("re-checked when it turns critical")
                .contains(Instant.parse("2026-11-21T12:17:01Z"));

        BackupHealth.Health critical = at(success(List.of("local", "drive")), "2026-11-21T12:18:00Z");
        assertThat(critical.reason()).isEqualTo(ConditionReason.BACKUP_CRITICALLY_OLD);
        assertThat(critical.message()).contains("older than backupCriticalAge 2h");
        assertThat(critical.recheckAt()).isEmpty();
    }

    @Test
    void aSkippedRunThatFoundTheDatabaseUnchangedKeepsAnOldBackupCurrent() {
        BackupRecord old = success(List.of("local", "drive")).lastSuccess();
        String token = "v1-0123456789abcdef0123456789abcdef";
        BackupRecord last = new BackupRecord(old.name(), old.kind(), old.time(), old.sizeBytes(),
                old.durationSeconds(), old.targets(), old.keyFingerprint(), old.job(), null, null, token);
        BackupStatus idle = new BackupStatus(last, null, null, null,
                new BackupSkip("2026-11-21T15:12:00Z", token, "loomio-backup-9", "2026-11-21T15:11:58Z"));
        BackupHealth.Health h = at(idle, "2026-11-21T15:20:00Z");
        assertThat(h.healthy()).isTrue();
        assertThat(h.message()).contains("5 h ago").contains("unchanged since (checked 8 min ago)");
        assertThat(h.recheckAt()).contains(Instant.parse("2026-11-21T16:12:01Z"));

        BackupStatus otherToken = new BackupStatus(last, null, null, null,
                new BackupSkip("2026-11-21T15:12:00Z", "v1-" + "f".repeat(32), "loomio-backup-9", null));
        assertThat(at(otherToken, "2026-11-21T15:20:00Z").reason()).isEqualTo(ConditionReason.BACKUP_CRITICALLY_OLD);
    }

    @Test
    void aLastSuccessDatedInTheFutureIsReportedBeforeAnythingElse() {
        BackupStatus failedSince = new BackupStatus(success(List.of("local", "drive")).lastSuccess(),
                new BackupFailure("2026-11-21T09:17:30Z", "BackupFailed", "clock is behind", "j2"));
        BackupHealth.Health h = at(failedSince, "2026-11-21T09:20:00Z");
        assertThat(h.healthy()).isFalse();
        assertThat(h.reason()).isEqualTo(ConditionReason.BACKUP_DATED_IN_THE_FUTURE);
        assertThat(h.message()).contains("loomio-hourly-20261121-101700.sql.gz.enc")
                .contains("dated 2026-11-21T10:17:00Z, 57 min ahead").contains("delete that backup from each target");
        assertThat(h.recheckAt()).as("looked at again when the clock is within the tolerance")
                .contains(Instant.parse("2026-11-21T10:15:00Z"));

        BackupHealth.Health withinTolerance = at(success(List.of("local", "drive")), "2026-11-21T10:16:00Z");
        assertThat(withinTolerance.reason()).as("a minute of skew between nodes is no alarm")
                .isEqualTo(ConditionReason.BACKUP_RECENT);
    }

    @Test
    void aFailedRunAfterTheLastSuccessIsReportedFirst() {
        BackupStatus failed = new BackupStatus(success(List.of("local", "drive")).lastSuccess(),
                new BackupFailure("2026-11-21T11:17:30Z", "BackupFailed", "Drive: storage quota exceeded", "j2"));
        BackupHealth.Health h = at(failed, "2026-11-21T11:20:00Z");
        assertThat(h.healthy()).isFalse();
        assertThat(h.reason()).isEqualTo(ConditionReason.BACKUP_FAILED);
        assertThat(h.message()).contains("storage quota exceeded").contains("63 min ago");
    }

    @Test
    void productionWithoutDriveOrS3HasNoOffSiteCopy() {
        BackupHealth.Health h = at(success(List.of("local")), "2026-11-21T10:30:00Z");
        assertThat(h.healthy()).isFalse();
        assertThat(h.reason()).isEqualTo(ConditionReason.NO_OFFSITE_TARGET);
        assertThat(h.message()).contains("S3_BUCKET", "GDRIVE_FOLDER_ID", "loomio-backup");

        assertThat(at(success(List.of("local", "s3")), "2026-11-21T10:30:00Z").reason())
                .as("S3 is off the node as Drive is").isEqualTo(ConditionReason.BACKUP_RECENT);
        assertThat(at(success(List.of("S3")), "2026-11-21T10:30:00Z").reason()).as("status written in CamelCase")
                .isEqualTo(ConditionReason.BACKUP_RECENT);
    }

    @Test
    void noBackupYetAndNoBackupsAtAll() {
        assertThat(at(null, "2026-11-21T10:30:00Z").reason()).isEqualTo(ConditionReason.NO_BACKUP_YET);
        LoomioInstance development = Samples.load(Samples.DEVELOPMENT, "ns");
        assertThat(BackupHealth.evaluate(development, null, TAKEN)).as("development without a backup Secret")
                .isEqualTo(Optional.empty());
    }
}
