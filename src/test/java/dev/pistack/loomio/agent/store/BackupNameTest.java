package dev.pistack.loomio.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupNameTest {
    @Test
    void writesTheSeedSystemsNewerPatternInUtc() {
        BackupName n = BackupName.create("hourly", Instant.parse("2026-11-21T13:05:09.750Z"));
        assertThat(n.fileName()).isEqualTo("loomio-hourly-20261121-130509.sql.gz.enc");
        assertThat(n.time()).isEqualTo(Instant.parse("2026-11-21T13:05:09Z"));
        assertThat(BackupName.parse(n.fileName())).contains(n);
    }

    @Test
    void readsEveryPiStackName() {
        assertThat(BackupName.parse("loomio_backup_20261120_030000.sql.enc")).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo("legacy");
            assertThat(n.time()).isEqualTo(Instant.parse("2026-11-20T03:00:00Z"));
            assertThat(n.prunable()).isFalse();
        });
        assertThat(BackupName.parse("loomio-daily-20261101-000000.sql.enc")).hasValueSatisfying(n -> {
            assertThat(n.kind()).isEqualTo("daily");
            assertThat(n.prunable()).isTrue();
        });
        assertThat(BackupName.parse("loomio-manual-20261101-000000.sql.enc").orElseThrow().prunable()).isFalse();
    }

    @Test
    void ignoresWhatIsNotABackup() {
        assertThat(BackupName.parse(".loomio-hourly-20261121-130509.sql.gz.enc.partial-1234abcd")).isEmpty();
        assertThat(BackupName.parse("loomio-hourly-20261399-130509.sql.gz.enc")).isEmpty();
        assertThat(BackupName.parse("notes.txt")).isEmpty();
    }

    @Test
    void ordersNewestFirst() {
        BackupName older = BackupName.create("hourly", Instant.parse("2026-01-01T00:00:00Z"));
        BackupName newer = BackupName.create("manual", Instant.parse("2026-01-02T00:00:00Z"));
        assertThat(newer.compareTo(older)).isNegative();
    }
}
