package dev.pistack.loomio.operator.memory;

import static dev.pistack.loomio.Samples.memory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MemoryHealthy rules with the sample's thresholds (warning 80 %, critical 90 %). */
class MemoryHealthTest {
    private final LoomioInstance production = Samples.load(Samples.PRODUCTION, "ns");

    private MemoryHealth.Health evaluate(MemoryStatus m, ConditionReason before) {
        return MemoryHealth.evaluate(production, m, before).orElseThrow();
    }

    @Test
    void belowTheWarningThresholdIsHealthyAndListsEveryFigure() {
        MemoryHealth.Health h = evaluate(memory(500, 10, 50, false, null), null);
        assertThat(h.status()).isEqualTo("True");
        assertThat(h.reason()).isEqualTo(ConditionReason.MEMORY_WITHIN_LIMITS);
        assertThat(h.message()).contains("database tmpfs 48 %").contains("Postgres pod memory 23 %")
                .contains("node pi memory 50 %").doesNotContain("Redis memory");
    }

    @Test
    void theWorstFigureRaisesWarningThenCriticalAndSaysWhatToDo() {
        MemoryHealth.Health warning = evaluate(memory(830, 10, 50, false, null), null);
        assertThat(warning.status()).isEqualTo("False");
        assertThat(warning.reason()).isEqualTo(ConditionReason.MEMORY_WARNING);
        assertThat(warning.message()).isEqualTo("database tmpfs 830Mi of 1024Mi (81 %): raise postgres.dataSize"
                + " after a backup, or clean up old data");

        MemoryHealth.Health critical = evaluate(memory(930, 10, 50, false, null), null);
        assertThat(critical.reason()).isEqualTo(ConditionReason.MEMORY_CRITICAL);
        assertThat(critical.message()).startsWith("database tmpfs 930Mi of 1024Mi (90 %)");
    }

    @Test
    void aFullRedisCacheIsHealthy() {
        // allkeys-lru: at its maxmemory Redis evicts the least recently used keys, and Rails' writes go on.
        MemoryHealth.Health h = evaluate(memory(500, 100, 50, false, null), null);
        assertThat(h.reason()).isEqualTo(ConditionReason.MEMORY_WITHIN_LIMITS);
    }

    @Test
    void nodeMemoryPressureIsCriticalWhateverItsPercent() {
        MemoryHealth.Health h = evaluate(memory(100, 10, 60, true, null), null);
        assertThat(h.reason()).isEqualTo(ConditionReason.MEMORY_CRITICAL);
        assertThat(h.message()).contains("node pi").contains("MemoryPressure");
    }

    @Test
    void aLevelIsLeftOnlyTwoPointsBelowItsThreshold() {
        // 79 %: below 80, but not below 80 - 2: still a warning when it was one.
        assertThat(evaluate(memory(810, 10, 50, false, null), ConditionReason.MEMORY_WARNING).reason())
                .isEqualTo(ConditionReason.MEMORY_WARNING);
        assertThat(evaluate(memory(810, 10, 50, false, null), null).reason())
                .isEqualTo(ConditionReason.MEMORY_WITHIN_LIMITS);
        // 77 %: recovered.
        assertThat(evaluate(memory(790, 10, 50, false, null), ConditionReason.MEMORY_WARNING).reason())
                .isEqualTo(ConditionReason.MEMORY_WITHIN_LIMITS);
        // 89 % after critical: still critical; 87 %: back to warning.
        assertThat(evaluate(memory(912, 10, 50, false, null), ConditionReason.MEMORY_CRITICAL).reason())
                .isEqualTo(ConditionReason.MEMORY_CRITICAL);
        assertThat(evaluate(memory(891, 10, 50, false, null), ConditionReason.MEMORY_CRITICAL).reason())
                .isEqualTo(ConditionReason.MEMORY_WARNING);
    }

    @Test
    void noFigureAtAllIsUnknownNotAnAlarm() {
        MemoryStatus none = new MemoryStatus("2026-11-22T10:00:00Z", null, null, null, null, null, null,
                List.of("database: the Postgres pod is not running", "redis: the Redis pod is not running"));
        MemoryHealth.Health h = evaluate(none, ConditionReason.MEMORY_WARNING);
        assertThat(h.status()).isEqualTo("Unknown");
        assertThat(h.reason()).isEqualTo(ConditionReason.MEMORY_METRICS_UNAVAILABLE);
        assertThat(h.message()).contains("the Postgres pod is not running");

        assertThat(evaluate(null, null).reason()).isEqualTo(ConditionReason.MEMORY_NOT_SAMPLED);
    }

    @Test
    void missingFiguresAreNamedBesideTheOthers() {
        MemoryHealth.Health h = evaluate(memory(100, 10, 50, false,
                List.of("pod loomio-redis-0: metrics.k8s.io is not served or has no figure yet")), null);
        assertThat(h.status()).isEqualTo("True");
        assertThat(h.message()).endsWith("; unavailable: pod loomio-redis-0: metrics.k8s.io is not served or has"
                + " no figure yet");
    }

    @Test
    void developmentHasNoMemoryCondition() {
        assertThat(MemoryHealth.evaluate(Samples.load(Samples.DEVELOPMENT, "ns"), memory(900, 10, 50, false, null),
                null)).isEmpty();
    }
}
