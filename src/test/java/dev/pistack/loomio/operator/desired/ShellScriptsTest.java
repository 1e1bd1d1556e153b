package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The kubelet expands a container's command before it runs: {@code $(NAME)} of a defined variable becomes its value
 * and {@code $$} becomes {@code $} (Kubernetes' "dependent environment variables"). The scripts of the Postgres pod's
 * init containers must reach {@code sh} as written.
 */
class ShellScriptsTest {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @Test
    void theKubeletLeavesThePostgresPodsScriptsAsWritten() {
        var pod = PostgresStatefulSet.desired(Samples.load(Samples.PRODUCTION, "loomio"), Samples.AGENT_IMAGE,
                Tiers.ALL).getSpec().getTemplate().getSpec();
        List<Container> scripted = pod.getInitContainers().stream()
                .filter(c -> c.getCommand() != null && c.getCommand().size() == 3 && "sh".equals(c.getCommand().get(0)))
                .toList();
        assertThat(scripted).extracting(Container::getName).containsExactly(PostgresRestore.APPLY, PostgresRoles.INIT);
        for (Container c : scripted) {
            String script = c.getCommand().get(2);
            Set<String> defined = c.getEnv().stream().map(EnvVar::getName).collect(Collectors.toSet());
            assertThat(script).as("%s: $$ would reach sh as $", c.getName()).doesNotContain("$$");
            Matcher m = REFERENCE.matcher(script);
            while (m.find()) {
                assertThat(defined).as("%s: %s would be replaced by the variable's value", c.getName(), m.group())
                        .doesNotContain(m.group(1));
            }
        }
    }
}
