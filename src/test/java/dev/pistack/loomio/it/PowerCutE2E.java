package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The durability loop on the real node: a backup taken by the CronJob's Job, then the Postgres pod deleted (a power
 * cut, as far as RAM is concerned): the replacement's restore init containers bring the newest backup back before
 * Postgres accepts a connection, and the Loomio fixture's fingerprint is the same.
 */
@EndToEnd
class PowerCutE2E {
    private static final Logger LOG = Logger.getLogger(PowerCutE2E.class);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-powercut");
        loop = new Durability(client, namespace);
    }

    @Test
    void afterABackupADeletedPostgresPodComesBackWithTheSameData() throws Exception {
        LoomioInstance instance = Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        assertThat(Durability.initSummary(first, PostgresRestore.FETCH).get("status").asText())
                .as("a new instance without any backup starts fresh").isEqualTo("none");
        assertThat(Durability.initSummary(first, PostgresRestore.APPLY).get("status").asText()).isEqualTo("none");
        String fingerprint = loop.loadFixture(first);

        JsonNode backup = loop.backupNow();
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("ok");
        assertThat(backup.get("targets").get(0).get("target").asText()).isEqualTo("local");
        LOG.infof("backup Job: %s, %d bytes of SQL -> %d bytes, %.1f s in the agent", backup.get("name").asText(),
                backup.get("bytesIn").asLong(), backup.get("bytesOut").asLong(),
                backup.get("durationSeconds").asDouble());

        // No further writes; the pod goes, and its RAM with it.
        Instant deleted = Instant.now();
        Pod second = loop.awaitReady(loop.replacePostgresPod());
        LOG.infof("Postgres pod deleted -> replacement Ready: %.1f s",
                Duration.between(deleted, Instant.now()).toMillis() / 1000.0);

        JsonNode fetch = Durability.initSummary(second, PostgresRestore.FETCH);
        assertThat(fetch.get("status").asText()).as(fetch.toString()).isEqualTo("restored");
        assertThat(fetch.get("source").asText()).isEqualTo("local");
        assertThat(fetch.get("name").asText()).isEqualTo(backup.get("name").asText());
        JsonNode apply = Durability.initSummary(second, PostgresRestore.APPLY);
        assertThat(apply.get("status").asText()).as(apply.toString()).isEqualTo("restored");
        LOG.infof("restore: fetch %s, apply %s", fetch, apply);
        assertThat(loop.fingerprint(second)).as("the fixture's fingerprint after the restore").isEqualTo(fingerprint);
        assertThat(second.getStatus().getQosClass()).isEqualTo("Guaranteed");

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = loop.instance().getStatus();
            assertThat(status.getRestore().source()).isEqualTo("Local");
            assertThat(status.getRestore().backup()).isEqualTo(backup.get("name").asText());
            assertThat(status.getRestore().pod()).isEqualTo(second.getMetadata().getName());
            assertThat(status.getBackup().lastSuccess().name()).isEqualTo(backup.get("name").asText());
            assertThat(status.getBackup().lastSuccess().targets()).containsExactly("Local");
            assertThat(status, ConditionType.BACKUP_HEALTHY).isFalse().hasReason(ConditionReason.NO_OFFSITE_TARGET);
        });
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(namespace).list().getItems())
                .extracting(e -> e.getReason())
                .contains(ConditionReason.STARTED_FRESH.value(), ConditionReason.BACKUP_SUCCEEDED.value(),
                        ConditionReason.RESTORED.value()));
    }
}
