package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * The opt-in pod memory source on the real node: after a restore, the Postgres pod's figure in status includes the
 * restored data, which the init container wrote into the tmpfs and which the Metrics API (running containers only)
 * does not count. The kubelet checks the operator's token and its nodes/stats right (webhook authorization).
 */
@EndToEnd(operatorProperties = "loomio.operator.memory.kubelet-stats=true")
@Isolated("the operator restarts with the kubelet as its memory source")
class RestoredMemoryE2E {
    private static final Logger LOG = Logger.getLogger(RestoredMemoryE2E.class);
    private static final long MIB = 1024 * 1024;

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeNamespaceAndRole() throws Exception {
        OperatorServiceAccount.bindKubeletStats(client);
        namespace = Node.namespace(client, "e2e-restored-memory");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void unbind() throws Exception {
        OperatorServiceAccount.unbindKubeletStats(client);
    }

    @Test
    void afterARestoreThePodFigureIncludesTheRestoredData() throws Exception {
        Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        loop.addTable(first, "restored", 64);
        assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");

        Pod second = loop.awaitReady(loop.replacePostgresPod());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            MemoryStatus m = Cluster.get(client, namespace, "loomio").getStatus().getMemory();
            assertThat(m.sampledAt()).isNotNull();
            assertThat(m.database()).as("database figure after the restore").isNotNull();
            assertThat(m.database().usedBytes()).isGreaterThan(64 * MIB);
            assertThat(m.postgresPod()).as("pod figure from the kubelet; unavailable: %s", m.unavailable())
                    .isNotNull();
            assertThat(m.postgresPod().usedBytes()).as("the pod's figure counts the restored tmpfs")
                    .isGreaterThan(m.database().usedBytes());
        });
        MemoryStatus m = Cluster.get(client, namespace, "loomio").getStatus().getMemory();
        long metricsApi = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
                .until(() -> Node.memoryWorkingSet(client, namespace, second.getMetadata().getName()), b -> b > 0);
        LOG.infof("after the restore: database tmpfs %d MiB; Postgres pod %d MiB (kubelet, pod cgroup) against %d MiB"
                + " in the Metrics API (running containers)", m.database().usedBytes() / MIB,
                m.postgresPod().usedBytes() / MIB, metricsApi / MIB);
        assertThat(metricsApi).as("the Metrics API does not see the restored pages").isLessThan(
                m.database().usedBytes());
    }
}
