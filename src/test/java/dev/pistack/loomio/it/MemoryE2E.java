package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RAM status on the real node: a 128 MiB database tmpfs is filled past 80 % and 90 % and emptied again; the
 * MemoryHealthy condition, the RAM column and the Events follow within two sampling intervals (5 s in tests), the
 * operator's database figure agrees with the kubelet's usedBytes of the volume, and /q/metrics shows status' figures.
 */
@EndToEnd
class MemoryE2E {
    private static final Logger LOG = Logger.getLogger(MemoryE2E.class);
    private static final Duration START = Duration.ofMinutes(3);
    /** Two sampling intervals of the test profile, plus a reconcile and a status write. */
    private static final Duration FOLLOW = Duration.ofSeconds(15);
    private static final String PSQL = "psql -X -q -v ON_ERROR_STOP=1 -U postgres -d " + Names.DATABASE + " ";
    private static final long MIB = 1024 * 1024;
    private static final long DATA_BYTES = 128 * MIB;
    /** The query of the operator's PostgresFill, to know when a threshold is crossed. */
    private static final String FILL = "SELECT pg_tablespace_size('pg_default') + pg_tablespace_size('pg_global')"
            + " + (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir())";

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    int tables;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-memory");
    }

    @Test
    void fillingTheDatabaseTmpfsRaisesWarningThenCriticalAndEmptyingItRecovers() throws Exception {
        LoomioInstance instance = Node.createProduction(client, namespace, "128Mi");
        await().atMost(START).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus(), ConditionType.DATABASE_READY).isTrue();
            assertThat(seen.getStatus(), ConditionType.REDIS_READY).isTrue();
        });
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            LoomioInstance seen = Cluster.get(client, namespace, "loomio");
            assertThat(seen.getStatus(), ConditionType.MEMORY_HEALTHY).isTrue()
                    .hasReason(ConditionReason.MEMORY_WITHIN_LIMITS);
            assertThat(seen.getStatus().getMemory().database()).isNotNull();
            assertThat(seen.getStatus().getMemory().redis()).isNotNull();
        });
        Pod postgres = client.pods().inNamespace(namespace).withName(Names.postgres(instance) + "-0").get();
        MemoryStatus first = Cluster.get(client, namespace, "loomio").getStatus().getMemory();
        LOG.infof("first sample: database %s, redis %s, postgres pod %s, redis pod %s, node %s, unavailable %s",
                first.database(), first.redis(), first.postgresPod(), first.redisPod(), first.node(),
                first.unavailable());
        assertThat(first.database().limitBytes()).isEqualTo(DATA_BYTES);

        agreesWithTheKubelet(postgres);

        long crossed = fillTo(postgres, 82);
        awaitReason(ConditionReason.MEMORY_WARNING, crossed);
        assertThat(Cluster.kubectl("get", "loomioinstances", "-n", namespace)).contains("RAM %");
        long critical = fillTo(postgres, 92);
        awaitReason(ConditionReason.MEMORY_CRITICAL, critical);
        LoomioInstance full = Cluster.get(client, namespace, "loomio");
        assertThat(GitOpsStatus.assertStatus(full, "memory-critical", "InProgress", "Degraded"))
                .contains("database tmpfs");
        assertThat(full.getStatus(), ConditionType.MEMORY_HEALTHY).isFalse()
                .hasMessageContaining("database tmpfs").hasMessageContaining("of 128Mi")
                .hasMessageContaining("raise postgres.dataSize");
        assertThat(Cluster.kubectl("get", "loomioinstances", "-n", namespace, "--no-headers"))
                .contains(" " + full.getStatus().getMemory().percent() + " ");
        metricsShowStatus();

        // TRUNCATE, not DELETE: a DELETE writes WAL for every row, and WAL shares the nearly full tmpfs (Postgres
        // PANICs when it cannot write WAL).
        Node.Exec vacuum = Node.exec(client, postgres, PSQL + "-c \"" + truncateAll() + "\" -c \"VACUUM FULL\""
                + " -c CHECKPOINT");
        assertThat(vacuum.exitCode()).as(vacuum.err()).isZero();
        long emptied = System.nanoTime();
        LOG.infof("after TRUNCATE + VACUUM FULL + CHECKPOINT: %d %%", percent(postgres));
        awaitReason(ConditionReason.MEMORY_WITHIN_LIMITS, emptied);

        List<String> reasons = client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> e.getReason().startsWith("Memory")).map(MemoryE2E::describe).toList();
        assertThat(reasons).as("one Event per level change, no storm").containsExactlyInAnyOrder(
                "Warning MemoryWarning", "Warning MemoryCritical", "Normal MemoryWithinLimits");
    }

    /** The operator's database figure and the kubelet's usedBytes of the volume agree within 5 % or 8 MiB. */
    private void agreesWithTheKubelet(Pod postgres) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(5)).untilAsserted(() -> {
            long kubelet = Node.volumeUsedBytes(client, namespace, postgres.getMetadata().getName(), "data");
            long operator = Cluster.get(client, namespace, "loomio").getStatus().getMemory().database().usedBytes();
            assertThat(kubelet).isPositive();
            assertThat(Math.abs(kubelet - operator)).as("kubelet %d, operator %d bytes", kubelet, operator)
                    .isLessThanOrEqualTo(Math.max(kubelet / 20, 8 * MIB));
            LOG.infof("database tmpfs: kubelet usedBytes %.1f MiB, operator %.1f MiB", kubelet / (double) MIB,
                    operator / (double) MIB);
        });
    }

    /** Creates 3 MiB tables (CREATE TABLE AS: no WAL at wal_level minimal) until the tmpfs is that full. */
    private long fillTo(Pod postgres, int target) {
        while (percent(postgres) < target) {
            tables++;
            Node.Exec fill = Node.exec(client, postgres, PSQL + "-c \"CREATE TABLE filler" + tables
                    + " AS SELECT g AS id, repeat(md5(g::text), 16) AS pad FROM generate_series(1, 5000) g\"");
            assertThat(fill.exitCode()).as(fill.err()).isZero();
        }
        LOG.infof("database tmpfs at %d %% (target %d %%) after %d tables", percent(postgres), target, tables);
        return System.nanoTime();
    }

    private int percent(Pod postgres) {
        Node.Exec q = Node.exec(client, postgres, PSQL + "-At -c \"" + FILL + "\"");
        assertThat(q.exitCode()).as(q.err()).isZero();
        return (int) (Long.parseLong(q.out().strip()) * 100 / DATA_BYTES);
    }

    private String truncateAll() {
        StringBuilder sql = new StringBuilder("TRUNCATE filler1");
        for (int t = 2; t <= tables; t++) {
            sql.append(", filler").append(t);
        }
        return sql.toString();
    }

    private void awaitReason(ConditionReason reason, long since) {
        await().atMost(FOLLOW).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                Cluster.get(client, namespace, "loomio").getStatus(), ConditionType.MEMORY_HEALTHY)
                .hasReason(reason));
        LOG.infof("threshold crossed -> MemoryHealthy %s: %.1f s", reason.value(), (System.nanoTime() - since) / 1e9);
    }

    /** /q/metrics holds the status' figures for this instance. */
    private void metricsShowStatus() {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            MemoryStatus m = Cluster.get(client, namespace, "loomio").getStatus().getMemory();
            assertThat(m.postgresPod()).as("the Postgres pod's figure (metrics-server has it after a scrape)")
                    .isNotNull();
            String text;
            try (InputStream in = OperatorProcess.uri("/q/metrics").toURL().openStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String labels = "component=\"database\",loomioinstance=\"loomio\",namespace=\"" + namespace + "\"";
            assertThat(gauge(text, "loomio_data_used_bytes", labels)).isEqualTo(m.database().usedBytes());
            assertThat(gauge(text, "loomio_data_limit_bytes", labels)).isEqualTo(DATA_BYTES);
            assertThat(gauge(text, "loomio_pod_memory_limit_bytes", labels))
                    .isEqualTo(m.postgresPod().limitBytes());
            assertThat(gauge(text, "loomio_ram_warning_percent",
                    "loomioinstance=\"loomio\",namespace=\"" + namespace + "\"")).isEqualTo(80);
        });
    }

    private static long gauge(String text, String name, String labels) throws IOException {
        Matcher m = Pattern.compile("^" + name + "\\{" + Pattern.quote(labels) + "\\} (\\S+)$", Pattern.MULTILINE)
                .matcher(text);
        if (!m.find()) {
            throw new AssertionError(name + "{" + labels + "} not in /q/metrics");
        }
        return (long) Double.parseDouble(m.group(1));
    }

    private static String describe(Event e) {
        return e.getType() + " " + e.getReason();
    }
}
