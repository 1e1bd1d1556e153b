package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RedisSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/**
 * Desired Redis StatefulSet. Since Loomio 3.1 Redis holds only the Rails cache and ActionCable's subscriptions (jobs are
 * in Postgres, Solid Queue), so it runs as upstream's compose file runs it (loomio/loomio deploy/docker-compose.yml,
 * commit 95ca1df7): no persistence, a maxmemory, and {@code allkeys-lru} eviction, in both environments.
 */
public final class RedisStatefulSet {
    public static final String COMPONENT = "redis";
    public static final int PORT = 6379;
    static final ComputeResources DEFAULTS = new ComputeResources("100m", "64Mi");

    private RedisStatefulSet() {
    }

    /** @param tiers whether the data tier runs (one replica) or is stopped (none), and its shape (RAM or PVC) */
    public static StatefulSet desired(LoomioInstance i, Tiers tiers) {
        RedisSpec redis = i.getSpec().getRedis();
        ContainerBuilder container = new ContainerBuilder()
                .withName("redis")
                .withImage(redis.getImage())
                .withArgs(args(i))
                .addNewPort().withName("redis").withContainerPort(PORT).endPort()
                .withNewReadinessProbe()
                .withNewExec().withCommand("redis-cli", "ping").endExec()
                .withPeriodSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                .addNewVolumeMount().withName(DataStatefulSet.DATA_VOLUME).withMountPath("/data").endVolumeMount();
        return DataStatefulSet.of(i, tiers.dataShape(i), COMPONENT, Names.redis(i), container, redis.getDataSize(),
                redis.getResources(),
                DEFAULTS, redis.getStorageClassName(), tiers);
    }

    static List<String> args(LoomioInstance i) {
        long maxMemory = Quantities.toBytes(i.getSpec().getRedis().getDataSize()) * 9 / 10;
        // Redis has no password here and refuses clients from other addresses in protected mode (the default
        // without a config file): Loomio's pods and the operator reach it by pod network. The official image's
        // entrypoint turns it off the same way; saying it here keeps any image working.
        // A cache is not worth a disk write: no RDB snapshots, no append-only file (in development either: it would
        // only wear the disk for data Rails rebuilds). maxmemory keeps the data inside dataSize with headroom, and a
        // full cache evicts its least recently used keys instead of failing Rails' writes (noeviction would).
        return List.of("redis-server", "--protected-mode", "no", "--dir", "/data", "--save", "", "--appendonly", "no",
                "--maxmemory", Long.toString(maxMemory), "--maxmemory-policy", "allkeys-lru");
    }
}
