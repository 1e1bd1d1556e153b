package dev.pistack.loomio.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart cannot read files outside its directory, so it carries copies of what deploy/ and crds/ hold: the
 * CRDs (Helm's crds/ convention), the RBAC rules, the alert rules, the Grafana dashboard and the Argo CD health checks. One source of truth:
 * each copy must equal its original (hack/update-crds.sh rewrites the CRDs, hack/sync-chart.sh the alert rules, hack/dashboard.sh the dashboard, the
 * Argo CD checks and the argocd-cm value of the resource actions; the RBAC rules are copied by hand). The chart's appVersion is the project's version, the tag hack/build-image.sh gives the
 * image, so that {@code helm install} without values runs the image a user just built and imported.
 */
class ChartCopiesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path CHART = Path.of("charts/loomio-operator");

    @Test
    void theChartsCrdsAreTheGeneratedOnes() throws IOException {
        List<Path> generated;
        try (Stream<Path> files = Files.list(Path.of("crds"))) {
            generated = files.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(generated).hasSize(3);
        try (Stream<Path> files = Files.list(CHART.resolve("crds"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as("charts/…/crds")
                    .isEqualTo(generated.stream().map(p -> p.getFileName().toString()).toList());
        }
        for (Path crd : generated) {
            assertThat(CHART.resolve("crds").resolve(crd.getFileName())).as("run hack/update-crds.sh")
                    .hasSameBinaryContentAs(crd);
        }
    }

    @Test
    void theChartsRbacRulesAreDeploysRbacRules() throws IOException {
        List<JsonNode> docs = YAML.readValues(YAML.createParser(Path.of("deploy/rbac.yaml").toFile()), JsonNode.class)
                .readAll();
        JsonNode clusterRole = named(docs, "ClusterRole", "loomio-operator");
        assertThat(clusterRole.path("rules").size()).isGreaterThan(10);
        ArrayNode both = YAML.createArrayNode();
        both.addAll((ArrayNode) rules("namespaced-rules.yaml"));
        both.addAll((ArrayNode) rules("cluster-rules.yaml"));
        assertThat(both).as("charts/…/files/namespaced-rules.yaml, then cluster-rules.yaml")
                .isEqualTo(clusterRole.path("rules"));
        assertThat(rules("cluster-rules.yaml").toString()).as("cluster-wide: no namespaced kind")
                .doesNotContain("secrets", "pods\"", "loomioinstances");
        assertThat(rules("leader-election-rules.yaml")).as("charts/…/files/leader-election-rules.yaml")
                .isEqualTo(named(docs, "Role", "loomio-operator-leader-election").path("rules"));
        assertThat(rules("user-view-rules.yaml")).as("charts/…/files/user-view-rules.yaml")
                .isEqualTo(named(docs, "ClusterRole", "loomio-operator-view").path("rules"));
        assertThat(rules("user-edit-rules.yaml")).as("charts/…/files/user-edit-rules.yaml")
                .isEqualTo(named(docs, "ClusterRole", "loomio-operator-edit").path("rules"));
    }

    private static JsonNode named(List<JsonNode> docs, String kind, String name) {
        return docs.stream().filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("deploy/rbac.yaml has no " + kind + " " + name));
    }

    @Test
    void theChartsAlertRulesAreThePromtoolTestedOnes() {
        assertThat(CHART.resolve("files/loomio-alerts.rules.yaml"))
                .hasSameBinaryContentAs(Path.of("deploy/prometheus/loomio-alerts.rules.yaml"));
        assertThat(CHART.resolve("files/dashboards/loomio-operator.json")).as("run hack/dashboard.sh")
                .hasSameBinaryContentAs(Path.of("deploy/grafana/loomio-operator.json"));
    }

    @Test
    void theChartsArgoCdHealthChecksAreTheTestedOnes() {
        Path tested = Path.of("deploy/argocd/resource_customizations/loomio.pistack.dev");
        for (String kind : List.of("LoomioInstance", "LoomioBackup")) {
            assertThat(CHART.resolve("files/argocd/" + kind + ".health.lua"))
                    .hasSameBinaryContentAs(tested.resolve(kind).resolve("health.lua"));
        }
    }

    @Test
    void theArgoCdActionsValueHoldsTheTestedLuaFiles() throws IOException {
        Path value = Path.of("deploy/argocd/loomio.pistack.dev_LoomioInstance.actions.yaml");
        Path actions = Path.of("deploy/argocd/resource_customizations/loomio.pistack.dev/LoomioInstance/actions");
        JsonNode parsed = YAML.readTree(value.toFile());
        assertThat(parsed.path("discovery.lua").asText()).as("discovery.lua in %s (run hack/sync-chart.sh)", value)
                .isEqualTo(Files.readString(actions.resolve("discovery.lua")));
        List<String> names;
        try (Stream<Path> dirs = Files.list(actions)) {
            names = dirs.filter(d -> Files.isRegularFile(d.resolve("action.lua")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        }
        assertThat(names).containsExactly("backup-now", "hibernate", "restart", "resume");
        assertThat(parsed.path("definitions")).as("definitions in %s (run hack/sync-chart.sh)", value)
                .hasSize(names.size());
        for (JsonNode definition : parsed.path("definitions")) {
            String name = definition.path("name").asText();
            assertThat(names).contains(name);
            assertThat(definition.path("action.lua").asText()).as("%s's action.lua in %s (run hack/sync-chart.sh)",
                    name, value).isEqualTo(Files.readString(actions.resolve(name).resolve("action.lua")));
        }
        assertThat(CHART.resolve("files/argocd/LoomioInstance.actions.yaml")).hasSameBinaryContentAs(value);
    }

    @Test
    void theChartsVersionAndAppVersionAreTheImageTagHackBuildImageGives() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("(?m)^  <version>([^<]+)</version>")
                .matcher(pom);
        assertThat(version.find()).as("the project's <version> in pom.xml").isTrue();
        JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
        assertThat(chart.path("appVersion").asText()).as("Chart.yaml appVersion").isEqualTo(version.group(1));
        assertThat(chart.path("version").asText()).as("Chart.yaml version: one version for all (CHANGELOG.md)")
                .isEqualTo(version.group(1));
        JsonNode image = YAML.readTree(CHART.resolve("values.yaml").toFile()).path("image");
        assertThat(image.path("repository").asText()).as("values.yaml image.repository")
                .isEqualTo("localhost/loomio-operator");
        assertThat(image.path("tag").asText()).as("values.yaml image.tag").isEmpty();
    }

    private static ArrayNode rules(String file) throws IOException {
        return (ArrayNode) YAML.readTree(CHART.resolve("files").resolve(file).toFile());
    }
}
