package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.MonitoringSpec;
import dev.pistack.loomio.api.v1alpha1.NodeMemory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The MemoryHealthy condition of a RAM-mode instance, from its last memory sample: a pure function.
 *
 * <p>Every figure (database tmpfs, both pods, the node) is compared with spec.monitoring.ramWarningPercent and
 * ramCriticalPercent (the seed system's Netdata alarm: 80 % / 90 %); the worst decides, and the message names it, its
 * figures and what to do. A node under MemoryPressure is critical. To leave a level, a figure must fall
 * {@link #HYSTERESIS_POINTS} below its threshold, so a figure that hovers at a threshold raises no Event storm. No
 * figure at all is {@code Unknown}, reason MetricsUnavailable: not an alarm.
 */
public final class MemoryHealth {
    /** Percentage points a figure must fall below a threshold before the level it raised is left. */
    public static final int HYSTERESIS_POINTS = 2;

    /** How bad a figure is; ordered. */
    public enum Level {
        OK, WARNING, CRITICAL
    }

    /**
     * @param status True, False or Unknown
     * @param reason the condition's reason
     * @param message what the user reads
     */
    public record Health(String status, ConditionReason reason, String message) {
    }

    private record Signal(String what, int percent, String figures, String advice, boolean pressure) {
    }

    private MemoryHealth() {
    }

    /**
     * @param memory the last sample; null when none was taken yet
     * @param previousReason the condition's reason before, for the hysteresis; null when there was none
     * @return the condition, or empty when the instance does not keep its data in RAM (development)
     */
    public static Optional<Health> evaluate(LoomioInstance i, MemoryStatus memory, ConditionReason previousReason) {
        if (!i.getSpec().getEnvironment().ramMode()) {
            return Optional.empty();
        }
        if (memory == null) {
            return Optional.of(new Health("Unknown", ConditionReason.MEMORY_NOT_SAMPLED,
                    "the first memory sample is taken within a sampling interval"));
        }
        List<Signal> signals = signals(memory);
        String missing = memory.unavailable() == null || memory.unavailable().isEmpty()
                ? ""
                : "; unavailable: " + String.join("; ", memory.unavailable());
        if (signals.isEmpty()) {
            return Optional.of(new Health("Unknown", ConditionReason.MEMORY_METRICS_UNAVAILABLE,
                    "no memory figure could be read" + missing));
        }
        MonitoringSpec m = i.getSpec().getMonitoring();
        Level previous = previousReason == ConditionReason.MEMORY_CRITICAL
                ? Level.CRITICAL
                : previousReason == ConditionReason.MEMORY_WARNING ? Level.WARNING : Level.OK;
        Signal worst = signals.stream()
                .max(Comparator.<Signal, Level>comparing(s -> level(s, m, previous))
                        .thenComparingInt(Signal::percent))
                .orElseThrow();
        Level level = level(worst, m, previous);
        return Optional.of(switch (level) {
            case OK -> new Health("True", ConditionReason.MEMORY_WITHIN_LIMITS, summary(signals) + missing);
            case WARNING -> new Health("False", ConditionReason.MEMORY_WARNING, alarm(worst) + missing);
            case CRITICAL -> new Health("False", ConditionReason.MEMORY_CRITICAL, alarm(worst) + missing);
        });
    }

    /**
     * @param previous the level before: a threshold it reached counts {@link #HYSTERESIS_POINTS} lower
     * @return the level of one figure in percent, against the instance's thresholds
     */
    public static Level level(int percent, MonitoringSpec m, Level previous) {
        int critical = m.getRamCriticalPercent() - (previous == Level.CRITICAL ? HYSTERESIS_POINTS : 0);
        int warning = m.getRamWarningPercent() - (previous != Level.OK ? HYSTERESIS_POINTS : 0);
        if (percent >= critical) {
            return Level.CRITICAL;
        }
        return percent >= warning ? Level.WARNING : Level.OK;
    }

    private static Level level(Signal s, MonitoringSpec m, Level previous) {
        return s.pressure ? Level.CRITICAL : level(s.percent, m, previous);
    }

    private static List<Signal> signals(MemoryStatus memory) {
        List<Signal> signals = new ArrayList<>();
        add(signals, "database tmpfs", memory.database(),
                "raise postgres.dataSize after a backup, or clean up old data");
        // Not Redis' used_memory against its maxmemory: Redis is an LRU cache, and a full cache is a healthy one
        // (it evicts). What can hurt is its pod against the pod's memory limit, watched below.
        add(signals, "Postgres pod memory", memory.postgresPod(),
                "raise postgres.resources.memory (Postgres' own memory beside its data)");
        add(signals, "Redis pod memory", memory.redisPod(), "raise redis.resources.memory");
        NodeMemory node = memory.node();
        if (node != null && node.percent() != null) {
            boolean pressure = Boolean.TRUE.equals(node.memoryPressure());
            signals.add(new Signal("node " + node.name() + " memory", node.percent(),
                    mebibytes(node.usedBytes()) + " of " + mebibytes(node.allocatableBytes()),
                    pressure
                            ? "the node reports MemoryPressure and evicts pods: free memory on it now"
                            : "move other workloads off the node or give it more RAM",
                    pressure));
        }
        return signals;
    }

    private static void add(List<Signal> signals, String what, MemoryUsage u, String advice) {
        if (u != null && u.percent() != null) {
            signals.add(new Signal(what, u.percent(), mebibytes(u.usedBytes()) + " of " + mebibytes(u.limitBytes()),
                    advice, false));
        }
    }

    private static String alarm(Signal s) {
        return s.what + " " + s.figures + " (" + s.percent + " %): " + s.advice;
    }

    private static String summary(List<Signal> signals) {
        List<String> parts = new ArrayList<>();
        for (Signal s : signals) {
            parts.add(s.what + " " + s.percent + " %");
        }
        return "below the warning threshold: " + String.join(", ", parts);
    }

    /** @return bytes in whole mebibytes, as a Kubernetes quantity (912Mi) */
    static String mebibytes(Long bytes) {
        return (bytes == null ? 0 : bytes / (1024 * 1024)) + "Mi";
    }
}
