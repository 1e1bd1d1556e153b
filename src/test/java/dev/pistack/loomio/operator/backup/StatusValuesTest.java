package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.api.v1alpha1.TargetInventory;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusValuesTest {
    @Test
    void agentCodesBecomeCamelCaseAndBackupKindsKeepTheirApiNames() {
        assertThat(StatusValues.of("wrong-key-or-corrupt")).isEqualTo("WrongKeyOrCorrupt");
        assertThat(StatusValues.of("drive")).isEqualTo("Drive");
        assertThat(StatusValues.of("hourly")).isEqualTo("Hourly");
        assertThat(StatusValues.of("preupgrade")).as("LoomioBackup kind PreUpgrade").isEqualTo("PreUpgrade");
        assertThat(StatusValues.of("io-error")).isEqualTo("IoError");
        assertThat(StatusValues.of("OOMKilled")).as("already a status value").isEqualTo("OOMKilled");
        assertThat(StatusValues.of((String) null)).isNull();
    }

    @Test
    void anEarlierOperatorsLowerCaseStatusIsReadAsTodaysValues() {
        BackupStatus earlier = new BackupStatus(
                new BackupRecord("loomio-hourly-20261121-021700.sql.gz.enc", "hourly", "2026-11-21T02:17:05Z", 1000L,
                        1.0, List.of("local", "drive"), "ab", "loomio-backup-1", null),
                null, List.of(new TargetInventory("drive", "x", 3, 3000L, "2026-11-21T02:17:05Z")),
                new RestoreTestRecord("2026-11-21T03:44:00Z", "x", "local", RestoreTestRecord.FAILED, "rows-differ",
                        "users differ", null, null, null, 1.0, "job"));
        BackupStatus today = StatusValues.of(earlier);
        assertThat(today.lastSuccess().kind()).isEqualTo("Hourly");
        assertThat(today.lastSuccess().targets()).containsExactly("Local", "Drive");
        assertThat(today.targets()).singleElement().satisfies(t -> assertThat(t.target()).isEqualTo("Drive"));
        assertThat(today.lastVerified().reason()).isEqualTo("RowsDiffer");
        assertThat(StatusValues.of(today)).as("idempotent").isEqualTo(today);

        RestoreStatus restore = StatusValues.of(new RestoreStatus("drive", "x", 10L, 1.0, "t", "pod",
                List.of(new RestoreStatus.SkippedBackup("y", "local", "truncated"))));
        assertThat(restore.source()).isEqualTo("Drive");
        assertThat(restore.skipped()).singleElement().satisfies(s -> {
            assertThat(s.target()).isEqualTo("Local");
            assertThat(s.reason()).isEqualTo("Truncated");
        });
    }
}
