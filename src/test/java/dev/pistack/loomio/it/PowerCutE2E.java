package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.status.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import dev.pistack.loomio.operator.status.ConditionReason;
import dev.pistack.loomio.operator.status.ConditionType;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durability loop on the real node: a backup taken by the CronJob's Job, then the Postgres pod deleted (a power
 * cut, as far as RAM is concerned): the replacement's restore init containers bring the newest backup back before
 * Postgres accepts a connection, and the Loomio fixture's fingerprint is the same.
 */
@QuarkusTest
@QuarkusTestResource(OperatorServiceAccount.class)
class PowerCutE2E {
    private static final Logger LOG = Logger.getLogger(PowerCutE2E.class);
    private static final Duration START = Duration.ofMinutes(3);
    private static final Path FIXTURE = Path.of("../shared/testdata/loomio-fixture");
    private static final ObjectMapper JSON = new ObjectMapper();

    static final KubernetesClient client = Cluster.admin();

    String namespace;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-powercut");
    }

    @Test
    void afterABackupADeletedPostgresPodComesBackWithTheSameData() throws Exception {
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.withTestImages(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize("256Mi");
        client.resource(instance).create();
        awaitDatabaseReady();
        Pod first = postgresPod(null);
        assertThat(summary(first, PostgresRestore.FETCH).get("status").asText())
                .as("a new instance without any backup starts fresh").isEqualTo("none");
        assertThat(summary(first, PostgresRestore.APPLY).get("status").asText()).isEqualTo("none");

        psql(first, "-f", FIXTURE.resolve("schema.sql").toString());
        psql(first, "-f", FIXTURE.resolve("seed.sql").toString());
        String fingerprint = psql(first, "-At", "-f", FIXTURE.resolve("fingerprint.sql").toString());
        assertThat(fingerprint.lines().count()).isGreaterThan(5);

        CronJob cronJob = client.batch().v1().cronjobs().inNamespace(namespace).withName(Names.backup(instance)).get();
        Job job = Node.runNow(client, cronJob, "now");
        Pod backupPod = await().atMost(START).until(() -> finishedPod(job), p -> p != null);
        JsonNode backup = JSON.readTree(terminated(backupPod.getStatus().getContainerStatuses().get(0)).getMessage());
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("ok");
        assertThat(backup.get("targets").get(0).get("target").asText()).isEqualTo("local");
        LOG.infof("backup Job: %s, %d bytes of SQL -> %d bytes, %.1f s in the agent", backup.get("name").asText(),
                backup.get("bytesIn").asLong(), backup.get("bytesOut").asLong(),
                backup.get("durationSeconds").asDouble());

        // No further writes; the pod goes, and its RAM with it.
        client.resource(first).delete();
        Instant deleted = Instant.now();
        awaitDatabaseReady();
        Pod second = await().atMost(START).until(() -> postgresPod(first.getMetadata().getUid()), this::ready);
        LOG.infof("Postgres pod deleted -> replacement Ready: %.1f s",
                Duration.between(deleted, Instant.now()).toMillis() / 1000.0);

        JsonNode fetch = summary(second, PostgresRestore.FETCH);
        assertThat(fetch.get("status").asText()).as(fetch.toString()).isEqualTo("restored");
        assertThat(fetch.get("source").asText()).isEqualTo("local");
        assertThat(fetch.get("name").asText()).isEqualTo(backup.get("name").asText());
        JsonNode apply = summary(second, PostgresRestore.APPLY);
        assertThat(apply.get("status").asText()).as(apply.toString()).isEqualTo("restored");
        LOG.infof("restore: fetch %s, apply %s", fetch, apply);
        assertThat(psql(second, "-At", "-f", FIXTURE.resolve("fingerprint.sql").toString()))
                .as("the fixture's fingerprint after the restore").isEqualTo(fingerprint);
        assertThat(second.getStatus().getQosClass()).isEqualTo("Guaranteed");

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = Cluster.get(client, namespace, "loomio").getStatus();
            assertThat(status.getRestore().source()).isEqualTo("local");
            assertThat(status.getRestore().backup()).isEqualTo(backup.get("name").asText());
            assertThat(status.getRestore().pod()).isEqualTo(second.getMetadata().getName());
            assertThat(status.getBackup().lastSuccess().name()).isEqualTo(backup.get("name").asText());
            assertThat(status.getBackup().lastSuccess().targets()).containsExactly("local");
            assertThat(status, ConditionType.BACKUP_HEALTHY).isFalse().hasReason(ConditionReason.NO_OFFSITE_TARGET);
        });
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(namespace).list().getItems())
                .extracting(e -> e.getReason())
                .contains(ConditionReason.STARTED_FRESH.value(), ConditionReason.BACKUP_SUCCEEDED.value(),
                        ConditionReason.RESTORED.value()));
    }

    private void awaitDatabaseReady() {
        await().atMost(START).untilAsserted(() -> assertThat(Cluster.get(client, namespace, "loomio").getStatus(),
                ConditionType.DATABASE_READY).isTrue());
    }

    /** @return the Postgres pod, when it is not the one with that uid */
    private Pod postgresPod(String notUid) {
        Pod pod = client.pods().inNamespace(namespace).withName(Names.postgres(
                Cluster.get(client, namespace, "loomio")) + "-0").get();
        return pod == null || pod.getMetadata().getUid().equals(notUid) ? null : pod;
    }

    private boolean ready(Pod p) {
        return p != null && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private Pod finishedPod(Job job) {
        return client.pods().inNamespace(namespace).withLabel("job-name", job.getMetadata().getName()).list()
                .getItems().stream()
                .filter(p -> "Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()))
                .findFirst().orElse(null);
    }

    /** @return the JSON result an init container left as its termination message */
    private static JsonNode summary(Pod pod, String initContainer) throws IOException {
        ContainerStatus status = pod.getStatus().getInitContainerStatuses().stream()
                .filter(s -> s.getName().equals(initContainer)).findFirst().orElseThrow();
        return JSON.readTree(terminated(status).getMessage());
    }

    private static io.fabric8.kubernetes.api.model.ContainerStateTerminated terminated(ContainerStatus status) {
        assertThat(status.getState().getTerminated()).as("%s has terminated", status.getName()).isNotNull();
        return status.getState().getTerminated();
    }

    /**
     * Runs this machine's psql against the pod's address on the node's bridge, as Loomio connects: over TCP with the
     * password of the credentials Secret.
     */
    private String psql(Pod pod, String... args) throws IOException, InterruptedException {
        String password = new String(Base64.getDecoder().decode(client.secrets().inNamespace(namespace)
                .withName(Names.credentialsSecret(Cluster.get(client, namespace, "loomio"))).get().getData()
                .get(CredentialsSecret.POSTGRES_PASSWORD)), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h",
                pod.getStatus().getPodIP(), "-U", Names.DATABASE_USER, "-d", Names.DATABASE));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("PGPASSWORD", password);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("psql %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
