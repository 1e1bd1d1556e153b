package dev.pistack.loomio.agent.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.agent.store.BackupName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Retention on a synthetic history: hourly backups from 2026-01-01T00:00Z to 2026-04-10T23:00Z (2400 of them). */
class RetentionTest {
    private static final Instant FIRST = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("2026-04-10T23:00:00Z");

    private static List<BackupName> hourlyHistory() {
        List<BackupName> all = new ArrayList<>();
        for (Instant t = FIRST; !t.isAfter(LAST); t = t.plus(Duration.ofHours(1))) {
            all.add(BackupName.create("hourly", t));
        }
        return all;
    }

    private static BackupName at(String time) {
        return BackupName.create("hourly", Instant.parse(time));
    }

    @Test
    void theDefaultPolicyKeepsExactly48Hourly30DailyAnd12Monthly() {
        List<BackupName> history = hourlyHistory();
        assertThat(history).hasSize(2400);

        Retention.Plan plan = Retention.plan(history, RetentionPolicy.DEFAULT, at("2026-04-10T23:00:00Z"));

        // 48 hourly: 2026-04-09T00 .. 2026-04-10T23. 30 daily: the 23:00 backups of 2026-03-12 .. 2026-04-10, two of
        // them already kept as hourly. Monthly: the newest of April, March, February, January; April's and March's
        // (2026-03-31T23) are already kept. 48 + 28 + 2 = 78.
        assertThat(plan.keep()).hasSize(78);
        assertThat(plan.delete()).hasSize(2400 - 78);
        for (Instant t = Instant.parse("2026-04-09T00:00:00Z"); !t.isAfter(LAST); t = t.plus(Duration.ofHours(1))) {
            assertThat(plan.keep()).containsKey(BackupName.create("hourly", t));
        }
        assertThat(plan.keep()).containsKeys(at("2026-03-12T23:00:00Z"), at("2026-03-31T23:00:00Z"),
                at("2026-02-28T23:00:00Z"), at("2026-01-31T23:00:00Z"));
        assertThat(plan.keep().get(at("2026-04-10T23:00:00Z")))
                .containsExactly("hourly", "daily", "monthly", "newest authentic");
        assertThat(plan.delete()).contains(at("2026-04-08T22:00:00Z"), at("2026-03-11T23:00:00Z"),
                at("2026-01-01T00:00:00Z"));
    }

    @Test
    void manualFinalPreUpgradeAndLegacyBackupsAreNeverPruned() {
        List<BackupName> history = new ArrayList<>(hourlyHistory());
        BackupName manual = BackupName.create("manual", Instant.parse("2026-01-05T12:34:56Z"));
        BackupName last = BackupName.create("final", Instant.parse("2026-02-01T00:00:01Z"));
        BackupName preUpgrade = BackupName.create(BackupName.PRE_UPGRADE, Instant.parse("2026-03-01T00:00:01Z"));
        BackupName legacy = BackupName.parse("loomio_backup_20251231_030000.sql.enc").orElseThrow();
        history.addAll(List.of(manual, last, preUpgrade, legacy));

        Retention.Plan plan = Retention.plan(history, new RetentionPolicy(0, 0, 0, 0, 0), null);

        assertThat(plan.keep()).containsOnlyKeys(manual, last, preUpgrade, legacy);
        assertThat(plan.delete()).hasSize(2400);
    }

    @Test
    void theNewestAuthenticBackupSurvivesAPolicyThatKeepsNothing() {
        BackupName newest = at("2026-04-10T23:00:00Z");
        Retention.Plan plan = Retention.plan(hourlyHistory(), new RetentionPolicy(0, 0, 0, 0, 0), newest);
        assertThat(plan.keep()).containsOnlyKeys(newest);
    }

    @Test
    void keepLastAndWeeklyFollowResticSemantics() {
        Retention.Plan plan = Retention.plan(hourlyHistory(), new RetentionPolicy(3, 0, 0, 2, 0), null);
        // last 3 hours, plus the newest of ISO weeks 2026-W15 (Apr 10, already kept) and 2026-W14 (Sun Apr 5 23:00).
        assertThat(plan.keep()).containsOnlyKeys(at("2026-04-10T23:00:00Z"), at("2026-04-10T22:00:00Z"),
                at("2026-04-10T21:00:00Z"), at("2026-04-05T23:00:00Z"));
    }
}
