package dev.pistack.loomio.operator.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotificationsTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    private static List<Condition> conditions(ConditionReason backup, String backupMessage, boolean stalled) {
        return List.of(
                Conditions.of(List.of(), ConditionType.BACKUP_HEALTHY, backup == ConditionReason.BACKUP_RECENT,
                        backup, backupMessage, 1, AT),
                Conditions.of(List.of(), ConditionType.MEMORY_HEALTHY, true, ConditionReason.MEMORY_WITHIN_LIMITS,
                        "fine", 1, AT),
                Conditions.of(List.of(), ConditionType.STALLED, stalled,
                        stalled ? ConditionReason.SMTP_SECRET_MISSING : ConditionReason.NO_PROBLEMS,
                        stalled ? "spec.smtpSecretRef names Secret smtp, which does not exist" : "", 1, AT));
    }

    private static List<Notification> between(List<Condition> before, List<Condition> after) {
        return Notifications.between("loomio", "site", before, after, AT);
    }

    @Test
    void aFailedBackupFiresOnceAndItsRecoveryResolvesOnce() {
        List<Condition> healthy = conditions(ConditionReason.BACKUP_RECENT, "backup b1 is 5 minutes old", false);
        List<Condition> failed = conditions(ConditionReason.BACKUP_FAILED, "the newest run failed: quota", false);
        List<Condition> stillFailed = conditions(ConditionReason.BACKUP_FAILED, "the newest run failed: quota"
                + " (2 runs)", false);

        List<Notification> firing = between(healthy, failed);
        assertThat(firing).singleElement().satisfies(n -> {
            assertThat(n.state()).isEqualTo(Notification.State.FIRING);
            assertThat(n.type()).isEqualTo(ConditionType.BACKUP_HEALTHY);
            assertThat(n.reason()).isEqualTo(ConditionReason.BACKUP_FAILED);
            assertThat(n.message()).isEqualTo("the newest run failed: quota");
            assertThat(n.advice()).contains("kubectl loomio backup site -n loomio --wait");
            assertThat(n.subject()).isEqualTo("[loomio/site] BackupHealthy: BackupFailed");
        });
        assertThat(between(failed, stillFailed)).as("no storm while the state holds").isEmpty();
        assertThat(between(stillFailed, healthy)).singleElement().satisfies(n -> {
            assertThat(n.state()).isEqualTo(Notification.State.RESOLVED);
            assertThat(n.reason()).isEqualTo(ConditionReason.BACKUP_RECENT);
            assertThat(n.subject()).isEqualTo("[loomio/site] resolved: BackupHealthy is BackupRecent");
        });
        assertThat(between(healthy, healthy)).isEmpty();
    }

    @Test
    void anEarlyWarningIsNoAlarmUntilItTurnsCritical() {
        List<Condition> healthy = conditions(ConditionReason.BACKUP_RECENT, "recent", false);
        List<Condition> old = conditions(ConditionReason.BACKUP_OLD, "older than 1h", false);
        List<Condition> critical = conditions(ConditionReason.BACKUP_CRITICALLY_OLD, "older than 2h", false);
        List<Condition> failed = conditions(ConditionReason.BACKUP_FAILED, "failed", false);

        assertThat(between(healthy, old)).isEmpty();
        assertThat(between(old, critical)).extracting(Notification::state, Notification::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Notification.State.FIRING,
                        ConditionReason.BACKUP_CRITICALLY_OLD));
        assertThat(between(critical, failed)).as("a new reason is news; the alarm did not end")
                .extracting(Notification::state, Notification::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Notification.State.FIRING,
                        ConditionReason.BACKUP_FAILED));
        assertThat(between(critical, old)).as("back to an early warning ends the alarm")
                .extracting(Notification::state).containsExactly(Notification.State.RESOLVED);
    }

    @Test
    void stalledIsAnAlarmWhateverItsReasonAndANewInstanceStartsWithoutOne() {
        List<Condition> fine = conditions(ConditionReason.BACKUP_RECENT, "recent", false);
        List<Condition> stalled = conditions(ConditionReason.BACKUP_RECENT, "recent", true);

        assertThat(between(null, fine)).isEmpty();
        assertThat(between(fine, stalled)).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo(ConditionType.STALLED);
            assertThat(n.reason()).isEqualTo(ConditionReason.SMTP_SECRET_MISSING);
            assertThat(n.advice()).contains("kubectl loomio status site -n loomio");
        });
        assertThat(between(stalled, fine)).singleElement().satisfies(n -> {
            assertThat(n.state()).isEqualTo(Notification.State.RESOLVED);
            assertThat(n.reason()).isEqualTo(ConditionReason.NO_PROBLEMS);
        });
    }
}
