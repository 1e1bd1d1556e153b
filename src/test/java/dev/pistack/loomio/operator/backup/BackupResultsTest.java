package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.TargetInventory;
import dev.pistack.loomio.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backup pods' termination messages (the agent's JSON summary) into status.backup. */
class BackupResultsTest {
    private static final String OK = "{\"action\":\"backup\",\"status\":\"ok\",\"name\":"
            + "\"loomio-hourly-20261121-101700.sql.gz.enc\",\"targets\":[{\"target\":\"local\",\"status\":\"ok\","
            + "\"location\":\"/backups/x\"},{\"target\":\"drive\",\"status\":\"ok\",\"location\":\"id1\"}],"
            + "\"bytesIn\":5000,\"bytesOut\":1200,\"durationSeconds\":3.5,\"dumpComplete\":true,"
            + "\"keyFingerprint\":\"sha256:ab\"}";
    private static final String QUOTA = "{\"action\":\"backup\",\"status\":\"failed\",\"name\":"
            + "\"loomio-hourly-20261121-111700.sql.gz.enc\",\"targets\":[{\"target\":\"local\",\"status\":\"ok\"},"
            + "{\"target\":\"drive\",\"status\":\"failed\",\"error\":\"storage quota exceeded\"}],"
            + "\"error\":\"not every target stored the backup\",\"keyFingerprint\":\"sha256:ab\"}";

    static Pod pod(String job, String phase, String finishedAt, int exitCode, String reason, String message) {
        return new PodBuilder().withNewMetadata().withName(job + "-x").addToLabels(Labels.JOB_NAME, job).endMetadata()
                .withNewStatus().withPhase(phase)
                .addNewContainerStatus().withName("backup").withNewState().withNewTerminated()
                .withExitCode(exitCode).withReason(reason).withFinishedAt(finishedAt).withMessage(message)
                .endTerminated().endState().endContainerStatus()
                .endStatus().build();
    }

    @Test
    void aSuccessIsRecordedWithItsTargetsAndANewerFailureNextToIt() {
        BackupStatus first = BackupResults.merge(null,
                List.of(pod("b1", "Succeeded", "2026-11-21T10:17:05Z", 0, "Completed", OK)));
        assertThat(first.lastSuccess().name()).isEqualTo("loomio-hourly-20261121-101700.sql.gz.enc");
        assertThat(first.lastSuccess().kind()).isEqualTo("Hourly");
        assertThat(first.lastSuccess().targets()).containsExactly("Local", "Drive");
        assertThat(first.lastSuccess().sizeBytes()).isEqualTo(1200L);
        assertThat(first.lastSuccess().job()).isEqualTo("b1");
        assertThat(first.lastFailure()).isNull();

        BackupStatus second = BackupResults.merge(first,
                List.of(pod("b2", "Failed", "2026-11-21T11:17:09Z", 1, "Error", QUOTA)));
        assertThat(second.lastSuccess()).as("kept although its pod is gone").isEqualTo(first.lastSuccess());
        assertThat(second.lastFailure().reason()).isEqualTo("BackupFailed");
        assertThat(second.lastFailure().message()).contains("not every target stored the backup")
                .contains("drive: storage quota exceeded");

        BackupStatus third = BackupResults.merge(second,
                List.of(pod("b3", "Succeeded", "2026-11-21T12:17:04Z", 0, "Completed", OK)));
        assertThat(third.lastFailure()).as("a later success clears the failure").isNull();
        assertThat(third.lastSuccess().job()).isEqualTo("b3");
    }

    @Test
    void aSkippedRunIsNoFailureAndClearsAnOlderFailureWhenItFoundTheLastSuccessUnchanged() {
        String token = "v1-0123456789abcdef0123456789abcdef";
        String ok = OK.replace("\"keyFingerprint\":\"sha256:ab\"}", "\"keyFingerprint\":\"sha256:ab\","
                + "\"changeToken\":\"" + token + "\"}");
        String skipped = "{\"action\":\"backup\",\"status\":\"skipped\",\"targets\":[],\"durationSeconds\":0.2,"
                + "\"changeToken\":\"" + token + "\"}";
        BackupStatus stored = BackupResults.merge(null, List.of(created(
                pod("b1", "Succeeded", "2026-11-21T10:17:05Z", 0, "Completed", ok), "2026-11-21T10:17:00Z")));
        assertThat(stored.lastSuccess().changeToken()).isEqualTo(token);
        BackupStatus failed = BackupResults.merge(stored, List.of(created(
                pod("b2", "Failed", "2026-11-21T10:22:09Z", 1, "Error", QUOTA), "2026-11-21T10:22:00Z")));
        assertThat(failed.lastFailure()).isNotNull();

        BackupStatus idle = BackupResults.merge(failed, List.of(created(
                pod("b3", "Succeeded", "2026-11-21T10:27:01Z", 0, "Completed", skipped), "2026-11-21T10:27:00Z")));
        assertThat(idle.lastSuccess()).as("a skip stores nothing").isEqualTo(stored.lastSuccess());
        assertThat(idle.lastSkipped().job()).isEqualTo("b3");
        assertThat(idle.lastSkipped().changeToken()).isEqualTo(token);
        assertThat(idle.lastFailure()).as("the targets hold the data as it is").isNull();
        assertThat(BackupStatus.confirms(idle.lastSkipped(), idle.lastSuccess())).isTrue();

        // A skip against another token (an older backup's) confirms nothing and clears nothing.
        BackupStatus other = BackupResults.merge(failed, List.of(created(pod("b4", "Succeeded",
                "2026-11-21T10:27:01Z", 0, "Completed", skipped.replace(token, "v1-" + "f".repeat(32))),
                "2026-11-21T10:27:00Z")));
        assertThat(other.lastFailure()).isNotNull();
        assertThat(BackupStatus.confirms(other.lastSkipped(), other.lastSuccess())).isFalse();

        BackupStatus next = BackupResults.merge(idle, List.of(created(
                pod("b5", "Succeeded", "2026-11-21T10:32:05Z", 0, "Completed", ok), "2026-11-21T10:32:00Z")));
        assertThat(next.lastSkipped()).as("older than the new success").isNull();
    }

    static Pod created(Pod pod, String creationTimestamp) {
        pod.getMetadata().setCreationTimestamp(creationTimestamp);
        return pod;
    }

    @Test
    void runsAreOrderedByTheApiServersRecordNotByTheNodesClock() {
        // The node's clock ran four months ahead during b1, then NTP set it right.
        BackupStatus ahead = BackupResults.merge(null, List.of(created(
                pod("b1", "Succeeded", "2027-03-21T10:17:05Z", 0, "Completed", OK), "2026-11-21T10:17:00Z")));
        assertThat(ahead.lastSuccess().runCreated()).isEqualTo("2026-11-21T10:17:00Z");

        BackupStatus failed = BackupResults.merge(ahead, List.of(created(
                pod("b2", "Failed", "2026-11-21T11:17:09Z", 1, "Error", QUOTA), "2026-11-21T11:17:00Z")));
        assertThat(failed.lastFailure()).as("a failure after it, although it ended 'before' it").isNotNull();
        assertThat(failed.lastFailure().job()).isEqualTo("b2");

        BackupStatus later = BackupResults.merge(failed, List.of(created(
                pod("b3", "Succeeded", "2026-11-21T12:17:04Z", 0, "Completed", OK), "2026-11-21T12:17:00Z")));
        assertThat(later.lastSuccess().job()).as("the later run replaces the future-dated one").isEqualTo("b3");
        assertThat(later.lastFailure()).isNull();

        // Recorded by an earlier operator version, without runCreated, while the clock ran ahead.
        BackupStatus earlierVersion = new BackupStatus(new BackupRecord("loomio-hourly-20261121-101700.sql.gz.enc",
                "Hourly", "2027-03-21T10:17:05Z", 1L, 1.0, List.of("Local"), null, "b1"), null, null, null);
        Pod b1 = created(pod("b1", "Succeeded", "2027-03-21T10:17:05Z", 0, "Completed", OK), "2026-11-21T10:17:00Z");
        Pod b3 = created(pod("b3", "Succeeded", "2026-11-21T12:17:04Z", 0, "Completed", OK), "2026-11-21T12:17:00Z");
        assertThat(BackupResults.merge(earlierVersion, List.of(b1, b3)).lastSuccess().job())
                .as("its run's pod, still in the Job history, gives it runCreated").isEqualTo("b3");
        assertThat(BackupResults.merge(earlierVersion, List.of(b3, b1)).lastSuccess().job())
                .as("whatever the pods' order").isEqualTo("b3");
        assertThat(BackupResults.merge(earlierVersion, List.of(b3)).lastSuccess().job())
                .as("without its pod nothing better than its time is known of it").isEqualTo("b1");
    }

    @Test
    void theNewestKnownBackupIsTheLastSuccessOrATargetsNewerOne() {
        assertThat(BackupResults.newestKnown(null)).as("nothing recorded").isEmpty();
        BackupRecord success = new BackupRecord("loomio-hourly-20261122-091700.sql.gz.enc", "Hourly",
                "2026-11-22T09:17:05Z", 1L, 1.0, List.of("Local", "Drive"), null, "b1");
        assertThat(BackupResults.newestKnown(new BackupStatus(success, null, null, null)))
                .contains("loomio-hourly-20261122-091700.sql.gz.enc");
        // The 10:17 run reached Drive and failed locally: not a success, but Drive holds it.
        List<TargetInventory> targets = List.of(
                new TargetInventory("Drive", "loomio-hourly-20261122-101700.sql.gz.enc", 2, 2L,
                        "2026-11-22T10:17:09Z"),
                new TargetInventory("Local", "loomio-hourly-20261122-091700.sql.gz.enc", 1, 1L,
                        "2026-11-22T10:17:09Z"));
        assertThat(BackupResults.newestKnown(new BackupStatus(success, null, targets, null)))
                .contains("loomio-hourly-20261122-101700.sql.gz.enc");
    }

    @Test
    void eachTargetsInventoryComesFromTheNewestRunThatListedIt() {
        String local = "{\"action\":\"backup\",\"status\":\"failed\",\"name\":"
                + "\"loomio-hourly-20261121-111700.sql.gz.enc\",\"targets\":[{\"target\":\"local\",\"status\":"
                + "\"ok\",\"inventory\":{\"newest\":\"loomio-hourly-20261121-111700.sql.gz.enc\",\"count\":31,"
                + "\"totalBytes\":93000,\"freeBytes\":5000000}},{\"target\":\"drive\",\"status\":\"failed\",\"error\":\"quota\"}],"
                + "\"rows\":{\"users\":5}}";
        String both = OK.replace("\"location\":\"/backups/x\"}", "\"location\":\"/backups/x\",\"inventory\":"
                + "{\"newest\":\"loomio-hourly-20261121-101700.sql.gz.enc\",\"count\":30,\"totalBytes\":90000}}")
                .replace("\"location\":\"id1\"}", "\"location\":\"id1\",\"inventory\":{\"newest\":"
                        + "\"loomio-hourly-20261121-101700.sql.gz.enc\",\"count\":60,\"totalBytes\":180000}}")
                .replace("\"dumpComplete\":true,", "\"dumpComplete\":true,\"rows\":{\"users\":4,\"groups\":2},");
        BackupStatus s = BackupResults.merge(null, List.of(
                pod("b2", "Failed", "2026-11-21T11:17:09Z", 1, "Error", local),
                pod("b1", "Succeeded", "2026-11-21T10:17:05Z", 0, "Completed", both)));
        assertThat(s.targets()).extracting(t -> t.target() + " " + t.count() + " " + t.totalBytes() + " " + t.newest())
                .containsExactly("Drive 60 180000 loomio-hourly-20261121-101700.sql.gz.enc",
                        "Local 31 93000 loomio-hourly-20261121-111700.sql.gz.enc");
        assertThat(s.targets()).extracting(t -> t.target() + " " + t.freeBytes())
                .as("only the local volume tells its free space").containsExactly("Drive null", "Local 5000000");
        assertThat(s.lastSuccess().rows()).as("counted by the agent while the dump streamed")
                .containsEntry("users", 4L).containsEntry("groups", 2L);
    }

    @Test
    void podsThatDiedWithoutASummaryAndRunningPods() {
        BackupStatus oom = BackupResults.merge(null,
                List.of(pod("b1", "Failed", "2026-11-21T10:17:05Z", 137, "OOMKilled", null)));
        assertThat(oom.lastSuccess()).isNull();
        assertThat(oom.lastFailure().reason()).isEqualTo("BackupOOMKilled");

        BackupStatus logs = BackupResults.merge(null, List.of(pod("b1", "Failed", "2026-11-21T10:17:05Z", 1, "Error",
                "Exception in thread main\njava.lang.IllegalArgumentException: no backup target")));
        assertThat(logs.lastFailure().reason()).isEqualTo("BackupPodFailed");
        assertThat(logs.lastFailure().message()).contains("no backup target");

        BackupStatus keyless = BackupResults.merge(null, List.of(pod("b1", "Failed", "2026-11-21T10:17:05Z", 1, "Error",
                "Picked up JAVA_TOOL_OPTIONS: -XX:+UseSerialGC -Xmx96m\nagent backup: no encryption key: set"
                        + " BACKUP_ENCRYPTION_KEY (agent keygen makes one)\n")));
        assertThat(keyless.lastFailure().message()).as("without the JVM's notice")
                .isEqualTo("agent backup: no encryption key: set BACKUP_ENCRYPTION_KEY (agent keygen makes one)");

        Pod running = new PodBuilder().withNewMetadata().withName("b4-x").endMetadata().withNewStatus()
                .withPhase("Running").endStatus().build();
        assertThat(BackupResults.merge(null, List.of(running))).isNull();
    }
}
