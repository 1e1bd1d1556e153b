package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.HackScripts;
import dev.pistack.loomio.Samples;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard (deploy/grafana) reads only metrics the operator really exports: every metric name its
 * queries and variables read (Prometheus' PromQL parser, {@code hack/dashboard.sh metrics}) is in a scrape of the
 * operator under test's /q/metrics while it runs an instance, and the instance's gauges carry the labels the
 * dashboard's variables select by.
 */
@EndToEnd
class DashboardE2E {
    static final KubernetesClient client = Cluster.admin();

    @Test
    void everyMetricTheDashboardReadsIsInARealScrape() throws Exception {
        String namespace = Node.namespace(client, "e2e-dashboard");
        String name = client.resource(Node.forTheNode(Samples.load(Samples.DEVELOPMENT, namespace))).create()
                .getMetadata().getName();
        List<String> read = dashboardMetrics();
        assertThat(read).as("hack/dashboard.sh metrics").contains("loomio_backup_enabled", "loomio_data_used_bytes");

        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(scrape())
                .as("the instance's gauges, with the labels the dashboard's variables select by")
                .contains("loomio_backup_enabled{loomioinstance=\"" + name + "\",namespace=\"" + namespace + "\"}"));
        String scrape = scrape();
        Set<String> exported = scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toSet());
        assertThat(exported).as("metric names in /q/metrics").containsAll(read);
    }

    private static String scrape() throws IOException {
        try (InputStream in = OperatorProcess.uri("/q/metrics").toURL().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** @return the metric names the dashboard reads, as {@code hack/dashboard.sh metrics} prints them */
    private static List<String> dashboardMetrics() throws IOException {
        return HackScripts.lines("hack/dashboard.sh", "metrics");
    }
}
