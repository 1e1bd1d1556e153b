package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RedisSpec;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
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
                .withCommand("sh", "-c", START, "redis-server")
                .withArgs(args(i))
                .addToEnv(new EnvVarBuilder().withName(CredentialsSecret.REDIS_PASSWORD).withNewValueFrom()
                        .withNewSecretKeyRef(CredentialsSecret.REDIS_PASSWORD, Names.credentialsSecret(i), false)
                        .endValueFrom().build())
                // redis-cli reads the password from REDISCLI_AUTH: the probe has none on its command line.
                .addToEnv(new EnvVarBuilder().withName("REDISCLI_AUTH")
                        .withValue("$(" + CredentialsSecret.REDIS_PASSWORD + ")").build())
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

    /**
     * Starts redis-server with its password (requirepass) read from standard input ("-", a config file on stdin),
     * so that it never stands on a command line, where any process of the node could read it; the here-document is
     * the shell's, and exec leaves redis-server as the container's first process, which gets SIGTERM.
     */
    public static final String START = "exec redis-server - \"$@\" <<EOF\nrequirepass $"
            + CredentialsSecret.REDIS_PASSWORD + "\nEOF\n";

    /** @return redis-server's options after the password (loomio/loomio deploy/docker-compose.yml's, and ours) */
    static List<String> args(LoomioInstance i) {
        long maxMemory = Quantities.toBytes(i.getSpec().getRedis().getDataSize()) * 9 / 10;
        // Every client authenticates (requirepass), so protected mode, which refuses clients from other addresses
        // when there is no password, has nothing left to guard: Loomio's pods and the operator reach Redis by pod
        // network. The official image's entrypoint turns it off the same way.
        // A cache is not worth a disk write: no RDB snapshots, no append-only file (in development either: it would
        // only wear the disk for data Rails rebuilds). maxmemory keeps the data inside dataSize with headroom, and a
        // full cache evicts its least recently used keys instead of failing Rails' writes (noeviction would).
        return List.of("--protected-mode", "no", "--dir", "/data", "--save", "", "--appendonly", "no",
                "--maxmemory", Long.toString(maxMemory), "--maxmemory-policy", "allkeys-lru");
    }
}
