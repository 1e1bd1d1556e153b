package dev.pistack.loomio.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alert rules exist twice: as a Prometheus rule file (tested by promtool, hack/test-alerts.sh) and inside the
 * PrometheusRule for the Prometheus operator. They must be the same rules.
 */
class PrometheusRulesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = Path.of("deploy/prometheus");

    @Test
    void thePrometheusRuleHoldsExactlyTheTestedRuleFile() throws IOException {
        JsonNode file = YAML.readTree(DIR.resolve("loomio-alerts.rules.yaml").toFile()).path("groups");
        JsonNode rule = YAML.readTree(DIR.resolve("prometheusrule.yaml").toFile()).path("spec").path("groups");
        assertThat(file.isArray() && file.size() > 0).as("groups in loomio-alerts.rules.yaml").isTrue();
        assertThat(rule).as("deploy/prometheus/prometheusrule.yaml spec.groups").isEqualTo(file);
    }

    @Test
    void everyAlertIsTestedByPromtool() throws IOException {
        JsonNode file = YAML.readTree(DIR.resolve("loomio-alerts.rules.yaml").toFile()).path("groups");
        List<String> alerts = new ArrayList<>();
        file.forEach(g -> g.path("rules").forEach(r -> alerts.add(r.path("alert").asText())));
        JsonNode tests = YAML.readTree(DIR.resolve("loomio-alerts.test.yaml").toFile()).path("tests");
        List<String> firing = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        tests.forEach(t -> t.path("alert_rule_test").forEach(a -> (a.path("exp_alerts").isEmpty() ? silent : firing)
                .add(a.path("alertname").asText())));
        assertThat(firing).as("alerts shown firing").containsAll(alerts);
        assertThat(silent).as("alerts shown silent").containsAll(alerts);
    }
}
