package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RAM mode on the real node (hack/node.sh): the operator of the tests (as its ServiceAccount) reconciles the
 * production sample, pointed at the test images of Postgres and Redis; the kubelet, containerd and runc run the pods.
 * Nothing here writes pod status: readiness, memory and volumes are what the node reports.
 */
@EndToEnd
class DataTierE2E {
    private static final Logger LOG = Logger.getLogger(DataTierE2E.class);
    private static final Duration START = Duration.ofMinutes(3);
    private static final String PSQL = "psql -X -q -v ON_ERROR_STOP=1 -U postgres -d " + Names.DATABASE + " ";
    private static final long MIB = 1024 * 1024;

    static final KubernetesClient client = Cluster.admin();

    String namespace;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e");
    }

    /** The production sample with the test images and a 128 MiB database, so that filling it is quick. */
    private LoomioInstance production() {
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize("128Mi");
        return client.resource(instance).create();
    }

    @Test
    void ramModeDataTierRunsInTmpfsChargedToThePodAndIsEmptyAfterAPodReplacement() {
        LoomioInstance instance = production();
        long applied = System.nanoTime();
        await().atMost(START).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus(), ConditionType.DATABASE_READY).isTrue().hasReason(ConditionReason.READY);
            assertThat(seen.getStatus(), ConditionType.REDIS_READY).isTrue().hasReason(ConditionReason.READY);
        });
        LOG.infof("kubectl apply -> DatabaseReady and RedisReady: %.1f s", (System.nanoTime() - applied) / 1e9);

        Pod postgres = pod(Names.postgres(instance) + "-0");
        Pod redis = pod(Names.redis(instance) + "-0");
        assertThat(postgres.getStatus().getQosClass()).isEqualTo("Guaranteed");
        assertThat(redis.getStatus().getQosClass()).isEqualTo("Guaranteed");
        // The memory-backed emptyDir is a tmpfs the size of sizeLimit, inside the container.
        assertThat(Node.exec(client, postgres, "grep ' /var/lib/postgresql/data ' /proc/mounts").out())
                .startsWith("tmpfs /var/lib/postgresql/data tmpfs").contains("size=131072k");
        assertThat(Node.exec(client, redis, "grep ' /data ' /proc/mounts").out())
                .startsWith("tmpfs /data tmpfs");
        // Redis asks every client for the password of the credentials Secret (the probe's redis-cli has it in
        // REDISCLI_AUTH), and the password stands on no command line.
        String redisPassword = new String(java.util.Base64.getDecoder().decode(client.secrets().inNamespace(namespace)
                .withName(Names.credentialsSecret(instance)).get().getData().get("REDIS_PASSWORD")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(Node.exec(client, redis, "env -u REDISCLI_AUTH redis-cli ping").out()).contains("NOAUTH");
        assertThat(Node.exec(client, redis, "redis-cli ping").out().strip()).isEqualTo("PONG");
        assertThat(Node.exec(client, redis, "cat /proc/[0-9]*/cmdline | tr '\\0' ' '").out())
                .contains("redis-server").doesNotContain(redisPassword);
        // Neither calls the Kubernetes API: no ServiceAccount token in the pod, and they run as uid 999.
        for (Pod pod : List.of(postgres, redis)) {
            Node.Exec token = Node.exec(client, pod,
                    "id -u; ls /var/run/secrets/kubernetes.io/serviceaccount 2>&1 || true");
            assertThat(token.out()).as(pod.getMetadata().getName()).startsWith("999\n")
                    .contains("No such file or directory");
            // Their root filesystem is read-only; /tmp is a memory-backed volume of their own.
            Node.Exec write = Node.exec(client, pod, "touch /etc/probe 2>&1; touch /tmp/probe && echo tmp-ok");
            assertThat(write.out()).as(pod.getMetadata().getName()).contains("Read-only file system")
                    .contains("tmp-ok");
        }

        // Loomio's pods reach the data tier by Service name: cluster DNS (CoreDNS) and the ClusterIP (kube-proxy).
        String redisIp = client.services().inNamespace(namespace).withName(Names.redis(instance)).get().getSpec()
                .getClusterIP();
        assertThat(Node.exec(client, postgres, "getent hosts " + Names.redis(instance)).out())
                .startsWith(redisIp + " ").contains(Names.redis(instance) + "." + namespace + ".svc.cluster.local");
        Node.Exec byName = Node.exec(client, postgres, "pg_isready -h " + Names.postgres(instance) + " -p 5432");
        assertThat(byName.exitCode()).as(byName.out() + byName.err()).isZero();

        // About 50 MB of rows: tmpfs pages are charged to the pod's memory.
        long before = awaitMemory(postgres);
        Node.Exec fill = Node.exec(client, postgres, PSQL + "-c \"CREATE TABLE filler AS SELECT g AS id,"
                + " repeat(md5(g::text), 16) AS pad FROM generate_series(1, 90000) g\"");
        assertThat(fill.exitCode()).as(fill.err()).isZero();
        long size = Long.parseLong(Node.exec(client, postgres,
                PSQL + "-At -c \"SELECT pg_total_relation_size('filler')\"").out().strip());
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(Node.memoryWorkingSet(client, namespace, postgres.getMetadata().getName()) - before)
                        .as("pod memory growth for a %d MiB table", size / MIB)
                        .isGreaterThan(size * 8 / 10));
        LOG.infof("table of %d MiB: pod working set %d -> %d MiB", size / MIB, before / MIB,
                Node.memoryWorkingSet(client, namespace, postgres.getMetadata().getName()) / MIB);

        // Beyond dataSize the write fails, and Postgres stays up.
        int restarts = postgres.getStatus().getContainerStatuses().get(0).getRestartCount();
        Node.Exec overflow = Node.exec(client, postgres, PSQL + "-c \"CREATE TABLE overflow AS SELECT g AS id,"
                + " repeat(md5(g::text), 16) AS pad FROM generate_series(1, 400000) g\"");
        assertThat(overflow.exitCode()).isNotZero();
        assertThat(overflow.err()).contains("No space left on device");
        assertThat(Node.exec(client, postgres, PSQL + "-At -c \"SELECT count(*) FROM filler\"").out().strip())
                .isEqualTo("90000");
        assertThat(pod(postgres.getMetadata().getName()).getStatus().getContainerStatuses().get(0).getRestartCount())
                .as("the container did not restart").isEqualTo(restarts);

        // A deleted pod takes its RAM data with it; no backup was taken, so the replacement starts empty (PowerCutE2E
        // and DurabilityE2E show the restore).
        String uid = postgres.getMetadata().getUid();
        client.pods().inNamespace(namespace).withName(postgres.getMetadata().getName()).delete();
        long deleted = System.nanoTime();
        await().atMost(START).until(() -> {
            Pod p = client.pods().inNamespace(namespace).withName(postgres.getMetadata().getName()).get();
            return p != null && !uid.equals(p.getMetadata().getUid()) && ready(p);
        });
        LOG.infof("Postgres pod deleted -> replacement Ready: %.1f s", (System.nanoTime() - deleted) / 1e9);
        Pod replacement = pod(postgres.getMetadata().getName());
        assertThat(Node.exec(client, replacement, PSQL + "-At -c \"SELECT to_regclass('filler') IS NULL\"").out()
                .strip()).as("the table is gone").isEqualTo("t");
        assertThat(replacement.getSpec().getContainers().get(0).getResources().getLimits().get("memory"))
                .isEqualTo(new Quantity("384Mi"));
    }

    private long awaitMemory(Pod pod) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5))
                .until(() -> Node.memoryWorkingSet(client, namespace, pod.getMetadata().getName()), m -> m > 0);
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
