package dev.pistack.loomio.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackupOriginTest {
    @Test
    void theHeaderLineIsAnSqlCommentThatReadsBack() {
        BackupOrigin origin = new BackupOrigin("team-a", "loomio.prod", "0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5");
        byte[] line = origin.headerLine();
        assertThat(new String(line, StandardCharsets.UTF_8)).startsWith("-- ").endsWith("\n")
                .contains("team-a/loomio.prod");
        assertThat(BackupOrigin.fromHead(line, line.length)).isEqualTo(origin);
        assertThat(BackupOrigin.fromHead(line, line.length - 1)).as("a line cut before its end").isNull();
    }

    @Test
    void fromTheEnvironmentTheOperatorSets() {
        assertThat(BackupOrigin.fromEnvironment(Map.of())).isNull();
        assertThat(BackupOrigin.fromEnvironment(Map.of("LOOMIO_INSTANCE", "ns/name", "LOOMIO_INSTANCE_UID",
                "0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5"))).isEqualTo(
                        new BackupOrigin("ns", "name", "0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5"));
        assertThatThrownBy(() -> BackupOrigin.fromEnvironment(Map.of("LOOMIO_INSTANCE", "just-a-name")))
                .hasMessageContaining("give NAMESPACE/NAME");
        assertThatThrownBy(() -> BackupOrigin.fromEnvironment(Map.of("LOOMIO_INSTANCE", "ns/name",
                "LOOMIO_INSTANCE_UID", "x y\n-- forged"))).hasMessageContaining("not a Kubernetes uid");
    }

    @Test
    void namesOutsideKubernetesGrammarAreRefused() {
        assertThatThrownBy(() -> BackupOrigin.parseInstance("NS/Name")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BackupOrigin.parseInstance("ns/a b")).isInstanceOf(IllegalArgumentException.class);
    }
}
