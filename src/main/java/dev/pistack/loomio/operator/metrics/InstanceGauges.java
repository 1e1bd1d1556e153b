package dev.pistack.loomio.operator.metrics;

import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.MonitoringSpec;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.operator.kube.GoDuration;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-instance gauges of what the operator wrote in status, for Prometheus alert rules (deploy/prometheus). Tags:
 * {@code namespace} and {@code loomioinstance} (kube-state-metrics names a resource's label after its kind), plus
 * {@code component} (database, redis) where a figure exists for both. A figure that is unknown reads NaN; a backup
 * that never succeeded has a last-success timestamp of 0. Names (Prometheus form):
 * <ul>
 * <li>loomio_data_used_bytes, loomio_data_limit_bytes {component}: database tmpfs, Redis used_memory / maxmemory;
 * <li>loomio_pod_memory_used_bytes, loomio_pod_memory_limit_bytes {component}: the pods (metrics.k8s.io);
 * <li>loomio_ram_warning_percent, loomio_ram_critical_percent, loomio_backup_warning_age_seconds,
 * loomio_backup_critical_age_seconds: the instance's thresholds, so rules need no copies of them;
 * <li>loomio_backup_enabled (0/1), loomio_backup_last_success_timestamp_seconds, loomio_backup_last_size_bytes,
 * loomio_backup_last_duration_seconds, loomio_backup_last_run_ok (1: the newest run succeeded).
 * </ul>
 */
@ApplicationScoped
public class InstanceGauges {
    private record Snapshot(LoomioInstance instance, LoomioInstanceStatus status) {
    }

    private final MeterRegistry registry;
    private final Map<ResourceID, Snapshot> snapshots = new ConcurrentHashMap<>();
    private final Map<ResourceID, List<Meter>> meters = new ConcurrentHashMap<>();

    public InstanceGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Makes the gauges of an instance read this status (registering them the first time). */
    public void record(LoomioInstance instance, LoomioInstanceStatus status) {
        ResourceID id = ResourceID.fromResource(instance);
        snapshots.put(id, new Snapshot(instance, status));
        meters.computeIfAbsent(id, this::register);
    }

    /** Removes an instance's gauges (it was deleted). */
    public void forget(ResourceID id) {
        snapshots.remove(id);
        List<Meter> gone = meters.remove(id);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
    }

    private List<Meter> register(ResourceID id) {
        Tags tags = Tags.of("namespace", id.getNamespace().orElse(""), "loomioinstance", id.getName());
        List<Meter> list = new ArrayList<>();
        for (String component : List.of("database", "redis")) {
            Tags c = tags.and("component", component);
            list.add(gauge("loomio.data.used.bytes", "Bytes in the component's data memory", c, id,
                    s -> bytes(data(s, component), true)));
            list.add(gauge("loomio.data.limit.bytes", "Size of the component's data memory, bytes", c, id,
                    s -> bytes(data(s, component), false)));
            list.add(gauge("loomio.pod.memory.used.bytes", "Working set of the component's pod, bytes", c, id,
                    s -> bytes(pod(s, component), true)));
            list.add(gauge("loomio.pod.memory.limit.bytes", "Memory limit of the component's pod, bytes", c, id,
                    s -> bytes(pod(s, component), false)));
        }
        list.add(gauge("loomio.ram.warning.percent", "spec.monitoring.ramWarningPercent", tags, id,
                s -> monitoring(s).getRamWarningPercent()));
        list.add(gauge("loomio.ram.critical.percent", "spec.monitoring.ramCriticalPercent", tags, id,
                s -> monitoring(s).getRamCriticalPercent()));
        list.add(gauge("loomio.backup.warning.age.seconds", "spec.monitoring.backupWarningAge, seconds", tags, id,
                s -> GoDuration.parse(monitoring(s).getBackupWarningAge()).toSeconds()));
        list.add(gauge("loomio.backup.critical.age.seconds", "spec.monitoring.backupCriticalAge, seconds", tags, id,
                s -> GoDuration.parse(monitoring(s).getBackupCriticalAge()).toSeconds()));
        list.add(gauge("loomio.backup.enabled",
                "1 when the instance has scheduled backups (0 while it hibernates: they are suspended)", tags, id,
                s -> s.instance.getSpec().getBackup() == null || s.instance.getSpec().isHibernate() ? 0 : 1));
        list.add(gauge("loomio.backup.last.success.timestamp.seconds",
                "Unix time of the last successful backup, 0 when none succeeded", tags, id,
                s -> lastSuccess(s) == null ? 0 : Instant.parse(lastSuccess(s).time()).getEpochSecond()));
        list.add(gauge("loomio.backup.current.timestamp.seconds",
                "Unix time the data was last known to be in a stored backup: the last success, or a later scheduled"
                        + " run that found the database unchanged since; 0 when none succeeded",
                tags, id, s -> BackupStatus.currentAsOf(s.status.getBackup()).map(Instant::getEpochSecond)
                        .orElse(0L)));
        list.add(gauge("loomio.backup.last.size.bytes", "Size of the last successful backup, bytes", tags, id,
                s -> lastSuccess(s) == null ? Double.NaN : lastSuccess(s).sizeBytes()));
        list.add(gauge("loomio.backup.last.duration.seconds", "Wall time of the last successful backup, seconds",
                tags, id, s -> lastSuccess(s) == null ? Double.NaN : lastSuccess(s).durationSeconds()));
        list.add(gauge("loomio.backup.last.run.ok", "1 when the newest backup run succeeded, 0 when it failed",
                tags, id, InstanceGauges::lastRunOk));
        list.add(gauge("loomio.backup.restore.test.ok",
                "1 when the newest restore test passed, 0 when it failed; none before the first", tags, id,
                s -> verified(s) == null ? Double.NaN : verified(s).passed() ? 1 : 0));
        list.add(gauge("loomio.backup.restore.test.timestamp.seconds",
                "Unix time the newest restore test finished; none before the first", tags, id,
                s -> verified(s) == null ? Double.NaN : Instant.parse(verified(s).time()).getEpochSecond()));
        return list;
    }

    private Meter gauge(String name, String help, Tags tags, ResourceID id, ToDoubleFunction<Snapshot> value) {
        return Gauge.builder(name, snapshots, m -> {
            Snapshot s = m.get(id);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        }).description(help).tags(tags).strongReference(true).register(registry);
    }

    private static MonitoringSpec monitoring(Snapshot s) {
        return s.instance.getSpec().getMonitoring();
    }

    private static MemoryUsage data(Snapshot s, String component) {
        MemoryStatus m = s.status.getMemory();
        return m == null ? null : "database".equals(component) ? m.database() : m.redis();
    }

    private static MemoryUsage pod(Snapshot s, String component) {
        MemoryStatus m = s.status.getMemory();
        return m == null ? null : "database".equals(component) ? m.postgresPod() : m.redisPod();
    }

    private static double bytes(MemoryUsage u, boolean used) {
        Long v = u == null ? null : used ? u.usedBytes() : u.limitBytes();
        return v == null ? Double.NaN : v;
    }

    private static BackupRecord lastSuccess(Snapshot s) {
        BackupStatus b = s.status.getBackup();
        return b == null ? null : b.lastSuccess();
    }

    private static RestoreTestRecord verified(Snapshot s) {
        BackupStatus b = s.status.getBackup();
        return b == null || b.lastVerified() == null || b.lastVerified().time() == null ? null : b.lastVerified();
    }

    private static double lastRunOk(Snapshot s) {
        BackupStatus b = s.status.getBackup();
        if (b == null || (b.lastSuccess() == null && b.lastFailure() == null)) {
            return Double.NaN;
        }
        if (b.lastFailure() == null) {
            return 1;
        }
        if (b.lastSuccess() == null) {
            return 0;
        }
        return Instant.parse(b.lastSuccess().time()).isAfter(Instant.parse(b.lastFailure().time())) ? 1 : 0;
    }
}
