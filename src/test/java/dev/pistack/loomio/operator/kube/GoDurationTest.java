package dev.pistack.loomio.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void readsWhatTheSchemaAccepts() {
        assertThat(GoDuration.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(GoDuration.parse("90m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("2.5h")).isEqualTo(Duration.ofMinutes(150));
        assertThat(GoDuration.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void refusesAnythingElse() {
        for (String bad : new String[]{"", "1", "h", "1d", "1h x", "-1h", "1h-30m"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
