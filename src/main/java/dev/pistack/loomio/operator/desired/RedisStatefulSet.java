package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RedisSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;

/** Desired Redis StatefulSet: no persistence in production (pi-stack's choice), append-only file in development. */
public final class RedisStatefulSet {
    public static final String COMPONENT = "redis";
    public static final int PORT = 6379;
    static final ComputeResources DEFAULTS = new ComputeResources("100m", "64Mi");

    private RedisStatefulSet() {
    }

    /** @param tiers whether the data tier runs (one replica) or is stopped (none) */
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
        return DataStatefulSet.of(i, COMPONENT, Names.redis(i), container, redis.getDataSize(), redis.getResources(),
                DEFAULTS, redis.getStorageClassName(), tiers);
    }

    static List<String> args(LoomioInstance i) {
        // Redis has no password here and refuses clients from other addresses in protected mode (the default
        // without a config file): Loomio's pods and the operator reach it by pod network. The official image's
        // entrypoint turns it off the same way; saying it here keeps any image working.
        if (!i.getSpec().getEnvironment().ramMode()) {
            return List.of("redis-server", "--protected-mode", "no", "--dir", "/data", "--appendonly", "yes");
        }
        long maxMemory = Quantities.toBytes(i.getSpec().getRedis().getDataSize()) * 9 / 10;
        // Persistence to disk makes no sense in RAM mode (pi-stack ran --save "" --appendonly no). maxmemory keeps
        // the data inside dataSize with headroom; noeviction because Sidekiq's queues live here, and evicting a key
        // would silently drop a job.
        return List.of("redis-server", "--protected-mode", "no", "--dir", "/data", "--save", "", "--appendonly", "no",
                "--maxmemory", Long.toString(maxMemory), "--maxmemory-policy", "noeviction");
    }
}
