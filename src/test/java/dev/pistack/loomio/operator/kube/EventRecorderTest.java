package dev.pistack.loomio.operator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
    @Test
    void microTimeAlwaysHasSixFractionalDigits() {
        assertThat(EventRecorder.microTime(Instant.parse("2026-11-23T11:09:27.088Z")))
                .as("the API server refused .088Z").isEqualTo("2026-11-23T11:09:27.088000Z");
        assertThat(EventRecorder.microTime(Instant.parse("2026-11-23T11:09:27Z"))).isEqualTo(
                "2026-11-23T11:09:27.000000Z");
        assertThat(EventRecorder.microTime(Instant.parse("2026-11-23T11:09:27.123456789Z")))
                .as("nanoseconds truncated").isEqualTo("2026-11-23T11:09:27.123456Z");
    }
}
