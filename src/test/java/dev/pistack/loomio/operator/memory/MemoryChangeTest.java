package dev.pistack.loomio.operator.memory;

import static dev.pistack.loomio.Samples.memory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.MonitoringSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which samples are worth a status write (every write is one to k3s' SQLite on the SD card). */
class MemoryChangeTest {
    private final MonitoringSpec thresholds = new MonitoringSpec();

    @Test
    void theFirstSampleIsWritten() {
        assertThat(MemoryChange.significant(null, memory(100, 10, 50, false, null), thresholds)).isTrue();
    }

    @Test
    void aMoveOfLessThanTwoPointsIsNot() {
        // database 500 → 515 MiB of 1024: 48 → 50 %; 500 → 510: 48 → 49 %.
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null), memory(510, 10, 50, false, null),
                thresholds)).isFalse();
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null), memory(515, 10, 50, false, null),
                thresholds)).isTrue();
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null), memory(500, 10, 52, false, null),
                thresholds)).as("node").isTrue();
    }

    @Test
    void crossingAThresholdIsWrittenHoweverSmallTheMove() {
        // 815 MiB = 79 %, 820 MiB = 80 %: one point, across 80.
        assertThat(MemoryChange.significant(memory(815, 10, 50, false, null), memory(820, 10, 50, false, null),
                thresholds)).isTrue();
    }

    @Test
    void aFigureAppearingOrDisappearingOrPressureFlippingIsWritten() {
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null),
                memory(500, 10, 50, false, List.of("redis: the Redis pod is not running")), thresholds)).isTrue();
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null), memory(500, 10, 50, true, null),
                thresholds)).isTrue();
        assertThat(MemoryChange.significant(memory(500, 10, 50, false, null), memory(500, 10, 50, false, null),
                thresholds)).as("same figures, another sampling time").isFalse();
    }
}
