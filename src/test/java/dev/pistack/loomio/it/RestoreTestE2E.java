package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.api.v1alpha1.TargetInventory;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.RestoreTestCronJob;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scheduled restore tests on the real node: the restore-test CronJob's pod restores the newest backup into a scratch
 * Postgres sidecar on its own memory volume, compares every table's rows with the backup's, and the instance's
 * status, condition and Events say what came of it; a corrupted newest backup is reported by name, never skipped.
 */
@EndToEnd
class RestoreTestE2E {
    private static final Logger LOG = Logger.getLogger(RestoreTestE2E.class);
    private static final Duration RUN = Duration.ofMinutes(4);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-restoretest");
        loop = new Durability(client, namespace);
    }

    @Test
    void aGoodBackupPassesAndACorruptedNewestOneFailsByName() throws Exception {
        Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod live = loop.postgresPod(null);
        loop.loadFixtureAtScale(live);
        String fingerprint = loop.fingerprint(live);
        JsonNode backup = loop.backupNow();
        assertThat(backup.get("status").asText()).isEqualTo("ok");
        String name = backup.get("name").asText();
        assertThat(backup.get("rows").get("users").asLong()).as("the agent counts while it dumps").isPositive();

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            BackupStatus b = loop.instance().getStatus().getBackup();
            // Not written yet right after the run: an assertion, so the await polls again instead of failing.
            assertThat(b).as("status.backup").isNotNull();
            assertThat(b.lastSuccess()).as("status.backup.lastSuccess").isNotNull();
            assertThat(b.lastSuccess().rows()).as("status.backup.lastSuccess.rows").isEqualTo(rows(backup));
            TargetInventory local = b.targets().stream().filter(t -> t.target().equals("Local")).findFirst()
                    .orElseThrow();
            assertThat(local.newest()).isEqualTo(name);
            assertThat(local.count()).isEqualTo(1);
            assertThat(local.totalBytes()).isEqualTo(backup.get("bytesOut").asLong());
        });
        assertThat(client.batch().v1().cronjobs().inNamespace(namespace)
                .withName(Names.restoreTestCronJob(loop.instance()))
                .get()).as("off by default").isNull();

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"backup\":{\"restoreTest\":{\"enabled\":true}}}}");
        CronJob cronJob = await().atMost(Cluster.TIMEOUT).until(() -> client.batch().v1().cronjobs()
                .inNamespace(namespace).withName(Names.restoreTestCronJob(loop.instance())).get(), c -> c != null);
        Container scratch = cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getInitContainers()
                .get(0);
        assertThat(scratch.getName()).isEqualTo(RestoreTestCronJob.SCRATCH);
        assertThat(scratch.getRestartPolicy()).as("a native sidecar").isEqualTo("Always");

        Instant start = Instant.now();
        Pod testPod = runAndAwait(cronJob, "good");
        RestoreTestRecord passed = awaitVerified(name);
        LOG.infof("restore test of %s (%d bytes of SQL): %s in %.1f s (agent), %d s end to end; %d tables, %d rows",
                name, backup.get("bytesIn").asLong(), passed.outcome(), passed.durationSeconds(),
                Duration.between(start, Instant.now()).toSeconds(), passed.tables(), passed.rows());
        assertThat(passed.passed()).as("%s", passed).isTrue();
        assertThat(passed.counts()).as("the counts the backup recorded when it was taken").isEqualTo(rows(backup));
        assertThat(passed.tables()).isGreaterThanOrEqualTo(8);
        assertThat(testPod.getSpec().getVolumes()).filteredOn(v -> v.getName().equals("scratch"))
                .allSatisfy(v -> assertThat(v.getEmptyDir().getMedium()).isEqualTo("Memory")).hasSize(1);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus().getConditions(),
                ConditionType.BACKUP_VERIFIED).isTrue().hasReason(ConditionReason.RESTORE_TEST_PASSED)
                .hasMessageContaining(name));
        assertThat(loop.postgresPod(null).getMetadata().getUid()).as("the live database was never touched")
                .isEqualTo(live.getMetadata().getUid());
        assertThat(loop.fingerprint(live)).isEqualTo(fingerprint);

        // A newer backup, corrupted on the volume: the test must name it, not fall back to the good one.
        Path good = loop.localBackups().resolve(name);
        byte[] bytes = Files.readAllBytes(good);
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'A' ? 'B' : 'A');
        String corrupt = BackupName.create("hourly", BackupName.parse(name).orElseThrow().time().plusSeconds(60))
                .fileName();
        Path corruptFile = loop.localBackups().resolve(corrupt);
        Files.write(corruptFile, bytes);
        Files.setPosixFilePermissions(corruptFile, PosixFilePermissions.fromString("rw-r--r--"));

        runAndAwait(cronJob, "corrupt");
        RestoreTestRecord failed = awaitVerified(corrupt);
        assertThat(failed.passed()).isFalse();
        assertThat(failed.reason()).isEqualTo("WrongKeyOrCorrupt");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus().getConditions(),
                ConditionType.BACKUP_VERIFIED).isFalse().hasReason(ConditionReason.RESTORE_TEST_FAILED)
                .hasMessageContaining(corrupt));
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instanceEvents())
                .filteredOn(e -> "RestoreTestFailed".equals(e.getReason())).extracting(Event::getMessage)
                .anySatisfy(m -> assertThat(m).contains(corrupt).contains("WrongKeyOrCorrupt")));
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("RestoreTestPassed");
        assertThat(Files.exists(good)).as("a failed test deletes nothing").isTrue();
        String text;
        try (InputStream in = OperatorProcess.uri("/q/metrics").toURL().openStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(text).as("the alert rule's gauge")
                .contains("loomio_backup_restore_test_ok{loomioinstance=\"loomio\","
                        + "namespace=\"" + namespace + "\"} 0.0");
    }

    private static Map<String, Long> rows(JsonNode summary) {
        return JSON.convertValue(summary.get("rows"),
                JSON.getTypeFactory().constructMapType(java.util.LinkedHashMap.class, String.class, Long.class));
    }

    /** Runs the CronJob's template now, as {@code kubectl create job --from=cronjob/...}; @return its finished pod */
    private Pod runAndAwait(CronJob cronJob, String suffix) {
        Job job = Node.runNow(client, cronJob, suffix);
        return await().atMost(RUN).pollInterval(Duration.ofSeconds(1)).until(() -> client.pods()
                .inNamespace(namespace).withLabel(Labels.JOB_NAME, job.getMetadata().getName()).list().getItems()
                .stream()
                .filter(p -> "Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()))
                .findFirst().orElse(null), p -> p != null);
    }

    private RestoreTestRecord awaitVerified(String backupName) {
        return await().atMost(Cluster.TIMEOUT).until(() -> {
            BackupStatus b = loop.instance().getStatus().getBackup();
            return b == null ? null : b.lastVerified();
        }, t -> t != null && backupName.equals(t.name()));
    }
}
