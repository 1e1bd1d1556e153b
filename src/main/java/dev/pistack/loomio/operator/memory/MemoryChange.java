package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.MonitoringSpec;
import dev.pistack.loomio.api.v1alpha1.NodeMemory;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a new memory sample is worth a status write. k3s keeps the API in SQLite on the SD card, where every status
 * write is a write: a sample replaces the last one only when a figure moves by {@link #POINTS} percentage points or
 * more, crosses a threshold, appears or disappears, its limit changes, or the node's MemoryPressure flips.
 */
public final class MemoryChange {
    /** Percentage points a figure must move to be written. */
    public static final int POINTS = 2;

    private MemoryChange() {
    }

    /**
     * @param before the sample in status; null when there is none
     * @param after the new sample
     * @return true when {@code after} should replace {@code before}
     */
    public static boolean significant(MemoryStatus before, MemoryStatus after, MonitoringSpec thresholds) {
        if (before == null) {
            return true;
        }
        if (!setOf(before.unavailable()).equals(setOf(after.unavailable()))) {
            return true;
        }
        MemoryUsage[][] pairs = {
            {opt(before.database()), opt(after.database())},
            {opt(before.redis()), opt(after.redis())},
            {opt(before.postgresPod()), opt(after.postgresPod())},
            {opt(before.redisPod()), opt(after.redisPod())},
            {node(before.node()), node(after.node())}};
        for (MemoryUsage[] pair : pairs) {
            if (moved(pair[0], pair[1], thresholds)) {
                return true;
            }
        }
        return pressure(before.node()) != pressure(after.node())
                || !Objects.equals(before.node() == null ? null : before.node().name(),
                        after.node() == null ? null : after.node().name());
    }

    private static boolean moved(MemoryUsage a, MemoryUsage b, MonitoringSpec m) {
        if (a == null || b == null) {
            return a != b;
        }
        return Math.abs(a.percent() - b.percent()) >= POINTS || !Objects.equals(a.limitBytes(), b.limitBytes())
                || MemoryHealth.level(a.percent(), m, MemoryHealth.Level.OK) != MemoryHealth.level(b.percent(), m,
                        MemoryHealth.Level.OK);
    }

    private static MemoryUsage opt(MemoryUsage u) {
        return u == null || u.percent() == null ? null : u;
    }

    private static MemoryUsage node(NodeMemory n) {
        return n == null || n.percent() == null
                ? null
                : new MemoryUsage(n.usedBytes(), n.allocatableBytes(), n.percent());
    }

    private static boolean pressure(NodeMemory n) {
        return n != null && Boolean.TRUE.equals(n.memoryPressure());
    }

    private static Set<String> setOf(List<String> l) {
        return l == null ? Set.of() : Set.copyOf(l);
    }
}
