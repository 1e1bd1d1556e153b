package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.SwitchStatus;
import dev.pistack.loomio.operator.desired.DataStatefulSet;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RAM ↔ disk on the real node: changing {@code spec.environment} moves the data through a final backup, production
 * to development and back, and every row is there each time; the data PVCs exist only while in development.
 */
@EndToEnd
class EnvironmentSwitchE2E {
    private static final Logger LOG = Logger.getLogger(EnvironmentSwitchE2E.class);
    private static final Duration SWITCH = Duration.ofMinutes(4);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-switch");
        loop = new Durability(client, namespace);
    }

    /** Changes the environment and waits until the switch completed; @return its seconds to DatabaseReady */
    private double switchTo(Environment to) {
        long start = System.nanoTime();
        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"environment\":\"" + to.value() + "\"}}");
        await().atMost(SWITCH).pollInterval(Duration.ofSeconds(1)).until(() -> {
            SwitchStatus s = loop.instance().getStatus().getEnvironmentSwitch();
            return s != null && s.to() == to && s.completedAt() != null;
        });
        loop.awaitDatabaseReady();
        return (System.nanoTime() - start) / 1e9;
    }

    private boolean claimExists(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get() != null;
    }

    private static Volume data(Pod pod) {
        return pod.getSpec().getVolumes().stream().filter(v -> "data".equals(v.getName())).findFirst().orElseThrow();
    }

    @Test
    void productionToDevelopmentAndBackLosesNoRow() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String inRam = loop.fixtureWithARowAfterTheHourlyBackup(first);
        String postgresClaim = DataStatefulSet.claimName(Names.postgres(created));
        String redisClaim = DataStatefulSet.claimName(Names.redis(created));
        // The node has no provisioner: volumes for the claims the StatefulSets will make in development.
        HostPathVolumes.claim(client, namespace, postgresClaim, Durability.lifecycleDataSize());
        HostPathVolumes.claim(client, namespace, redisClaim, created.getSpec().getRedis().getDataSize());

        double toDisk = switchTo(Environment.DEVELOPMENT);
        Pod onDisk = loop.awaitReady(loop.postgresPod(first.getMetadata().getUid()));
        assertThat(data(onDisk).getPersistentVolumeClaim()).as("development: a PVC").isNotNull();
        assertThat(loop.fingerprint(onDisk)).as("every row, on disk").isEqualTo(inRam);
        assertThat(claimExists(postgresClaim)).isTrue();
        String backupToDisk = loop.instance().getStatus().getEnvironmentSwitch().backup();

        loop.psql(onDisk, "-c", "INSERT INTO users (email, name, username, created_at, updated_at) VALUES"
                + " ('written-on-disk@example.org', 'Disk', 'disk', now(), now())");
        String onDiskRows = loop.fingerprint(onDisk);
        double toRam = switchTo(Environment.PRODUCTION);
        Pod back = loop.awaitReady(loop.postgresPod(onDisk.getMetadata().getUid()));
        assertThat(data(back).getEmptyDir()).as("production: RAM again").isNotNull();
        assertThat(data(back).getEmptyDir().getMedium()).isEqualTo("Memory");
        assertThat(loop.fingerprint(back)).as("every row, the one written on disk too").isEqualTo(onDiskRows);
        await().atMost(Cluster.TIMEOUT).until(() -> !claimExists(postgresClaim) && !claimExists(redisClaim));
        assertThat(loop.instance().getStatus().getEnvironmentSwitch().backup()).isNotEqualTo(backupToDisk);
        assertThat(loop.instanceEvents())
                .extracting(Event::getReason)
                .contains("TakingFinalBackup", "ReplacingDataTier", "EnvironmentSwitched");
        LOG.infof("switch production -> development: %.1f s; development -> production: %.1f s (%d bytes of SQL"
                + " restored)", toDisk, toRam, loop.restoredSqlBytes());
    }
}
