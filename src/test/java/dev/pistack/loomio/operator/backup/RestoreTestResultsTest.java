package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Restore-test pods' termination messages (the agent's JSON summary) into status.backup.lastVerified. */
public class RestoreTestResultsTest {
    private static final String PASSED = "{\"action\":\"restore-test\",\"status\":\"passed\",\"target\":\"local\","
            + "\"name\":\"loomio-hourly-20261121-021700.sql.gz.enc\",\"sqlBytes\":1500000,\"tables\":12,"
            + "\"rows\":9100,\"counts\":{\"users\":50,\"groups\":10,\"discussions\":200},\"durationSeconds\":4.2,"
            + "\"keyFingerprint\":\"sha256:ab\"}";
    private static final String CORRUPT = "{\"action\":\"restore-test\",\"status\":\"failed\",\"target\":\"drive\","
            + "\"name\":\"loomio-hourly-20261121-031700.sql.gz.enc\",\"reason\":\"wrong-key-or-corrupt\","
            + "\"durationSeconds\":1.0,\"error\":\"the token's HMAC does not match: wrong key, or altered\"}";
    private static final String DIFFER = "{\"action\":\"restore-test\",\"status\":\"failed\",\"target\":\"local\","
            + "\"name\":\"loomio-hourly-20261121-041700.sql.gz.enc\",\"reason\":\"rows-differ\",\"tables\":12,"
            + "\"rows\":9000,\"mismatches\":[\"public.comments: dump 4000, restored 3900\"],"
            + "\"error\":\"1 of 12 tables hold other row counts than the dump\"}";

    public static Pod passed(String job, String finishedAt) {
        return BackupResultsTest.pod(job, "Succeeded", finishedAt, 0, "Completed", PASSED);
    }

    @Test
    void aPassedTestIsRecordedWithItsCountsAndKeptUntilANewerOne() {
        BackupStatus first = RestoreTestResults.merge(null, List.of(passed("t1", "2026-11-21T03:44:00Z")));
        RestoreTestRecord t = first.lastVerified();
        assertThat(t.passed()).isTrue();
        assertThat(t.name()).isEqualTo("loomio-hourly-20261121-021700.sql.gz.enc");
        assertThat(t.counts()).containsExactly(Map.entry("users", 50L), Map.entry("groups", 10L),
                Map.entry("discussions", 200L));
        assertThat(t.tables()).isEqualTo(12);
        assertThat(t.job()).isEqualTo("t1");

        BackupStatus corrupt = RestoreTestResults.merge(first,
                List.of(passed("t1", "2026-11-21T03:44:00Z"),
                        BackupResultsTest.pod("t2", "Failed", "2026-11-28T03:44:00Z", 1, "Error", CORRUPT)));
        assertThat(corrupt.lastVerified().passed()).isFalse();
        assertThat(corrupt.lastVerified().name()).isEqualTo("loomio-hourly-20261121-031700.sql.gz.enc");
        assertThat(corrupt.lastVerified().reason()).isEqualTo("WrongKeyOrCorrupt");

        BackupStatus podsGone = RestoreTestResults.merge(corrupt, List.of());
        assertThat(podsGone.lastVerified()).as("kept although its pod is gone").isEqualTo(corrupt.lastVerified());
    }

    @Test
    void rowsThatDifferAreNamedAndAPodWithoutSummarySaysWhyItDied() {
        RestoreTestRecord differ = RestoreTestResults.merge(null, List.of(
                BackupResultsTest.pod("t3", "Failed", "2026-11-21T03:44:00Z", 1, "Error", DIFFER))).lastVerified();
        assertThat(differ.reason()).isEqualTo("RowsDiffer");
        assertThat(differ.message()).isEqualTo("1 of 12 tables hold other row counts than the dump:"
                + " public.comments: dump 4000, restored 3900");

        RestoreTestRecord oom = RestoreTestResults.merge(null, List.of(
                BackupResultsTest.pod("t4", "Failed", "2026-11-21T03:44:00Z", 137, "OOMKilled", null))).lastVerified();
        assertThat(oom.passed()).isFalse();
        assertThat(oom.reason()).isEqualTo("OOMKilled");
    }

    @Test
    void theConditionNamesTheBackupAndHowToTestAgain() {
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");
        BackupStatus corrupt = RestoreTestResults.merge(null,
                List.of(BackupResultsTest.pod("t2", "Failed", "2026-11-28T03:44:00Z", 1, "Error", CORRUPT)));
        assertThat(RestoreTestHealth.evaluate(instance, corrupt)).as("restore tests off: no condition").isEmpty();

        instance.getSpec().getBackup().getRestoreTest().setEnabled(true);
        RestoreTestHealth.Verified v = RestoreTestHealth.evaluate(instance, corrupt).orElseThrow();
        assertThat(v.healthy()).isFalse();
        assertThat(v.reason()).isEqualTo(ConditionReason.RESTORE_TEST_FAILED);
        assertThat(v.message()).contains("backup loomio-hourly-20261121-031700.sql.gz.enc failed its restore test")
                .contains("(WrongKeyOrCorrupt)").contains("kubectl create job --from=cronjob/loomio-restore-test");
        assertThat(RestoreTestHealth.evaluate(instance, null)).as("none finished yet").isEmpty();
    }
}
