package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryUsage;
import dev.pistack.loomio.api.v1alpha1.NodeMemory;
import dev.pistack.loomio.operator.desired.Quantities;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Samples the memory of every RAM-mode instance on a schedule (quarkus-scheduler, property
 * loomio.operator.memory.sample-interval, default 60s) and offers each sample to the controller's
 * {@link MemorySampleSource}. Only the leader has targets: the reconciler registers them. One instance's failure is
 * logged and the next sampled; the schedule skips a round while the previous one still runs.
 */
@ApplicationScoped
public class MemorySampler {
    private static final Logger LOG = Logger.getLogger(MemorySampler.class);
    private static final int POSTGRES_PORT = 5432;
    private static final int REDIS_PORT = 6379;

    private final ClusterMemory cluster;
    private final KubeletStats kubelet;
    private final Clock clock;
    private final Timer rounds;
    private MemorySampleSource source;

    /**
     * @param kubeletStats read pod memory from the kubelet's /stats/summary (needs nodes/stats, opt-in) instead of
     *     the Metrics API; property loomio.operator.memory.kubelet-stats, default false
     */
    public MemorySampler(KubernetesClient client, Clock clock, MeterRegistry registry,
            @ConfigProperty(name = "loomio.operator.memory.kubelet-stats",
                    defaultValue = "false") boolean kubeletStats) {
        this.cluster = new ClusterMemory(client);
        this.kubelet = kubeletStats ? new KubeletStats(client) : null;
        this.clock = clock;
        this.rounds = Timer.builder("loomio.memory.sampling").description("Wall time of one sampling round")
                .register(registry);
    }

    /**
     * @param onDeleted called with an instance's ID when it is deleted
     * @return the controller's event source, created on the first call (the controller asks once)
     */
    public synchronized MemorySampleSource source(Consumer<ResourceID> onDeleted) {
        if (source == null) {
            source = new MemorySampleSource(onDeleted);
        }
        return source;
    }

    /** One sampling round over every tracked instance. */
    @Scheduled(identity = "memory-sampling", every = "${loomio.operator.memory.sample-interval:60s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sampleAll() {
        MemorySampleSource s;
        synchronized (this) {
            s = source;
        }
        if (s == null) {
            return;
        }
        rounds.record(() -> {
            Map<String, Object> nodes = new HashMap<>();
            for (SampleTarget target : s.targets()) {
                try {
                    s.offer(target, sample(target, nodes, clock.instant()));
                } catch (RuntimeException e) {
                    LOG.warnf("memory sample of %s failed: %s", target, e.getClass().getSimpleName());
                }
            }
        });
    }

    /**
     * @param nodes what was read of each node in this round (a NodeMemory, the kubelet's pod figures, or the reason
     *     it is missing), so a node is asked once per round
     * @return every figure that could be read, the others named in unavailable
     */
    MemoryStatus sample(SampleTarget t, Map<String, Object> nodes, Instant now) {
        LoomioInstance i = t.instance();
        List<String> unavailable = new ArrayList<>();
        MemoryUsage database = null;
        MemoryUsage redis = null;
        MemoryUsage postgresPod = null;
        MemoryUsage redisPod = null;
        NodeMemory node = null;
        if (!running(t.postgresPod())) {
            unavailable.add("database: the Postgres pod is not running");
        } else if (t.password() == null) {
            unavailable.add("database: the credentials Secret has no database password");
        } else {
            try {
                database = MemoryUsage.of(PostgresFill.usedBytes(t.postgresPod().getStatus().getPodIP(),
                        POSTGRES_PORT, t.databaseUser(), t.password()),
                        Quantities.toBytes(i.getSpec().getPostgres().getDataSize()));
            } catch (SQLException e) {
                LOG.debugf("database sample of %s: %s", t, e.getMessage());
                unavailable.add("database: Postgres did not answer the size query (SQLSTATE " + e.getSQLState() + ")");
            }
            postgresPod = pod(t.postgresPod(), nodes, unavailable);
            node = node(t.postgresPod().getSpec().getNodeName(), nodes, unavailable);
        }
        if (!running(t.redisPod())) {
            unavailable.add("redis: the Redis pod is not running");
        } else {
            try {
                redis = RedisFill.usage(t.redisPod().getStatus().getPodIP(), REDIS_PORT, t.redisPassword(),
                        Quantities.toBytes(i.getSpec().getRedis().getDataSize()));
            } catch (RuntimeException e) {
                LOG.debugf("redis sample of %s: %s", t, e.getMessage());
                unavailable.add("redis: Redis did not answer INFO memory");
            }
            redisPod = pod(t.redisPod(), nodes, unavailable);
        }
        Integer worst = Stream.of(database, redis, postgresPod, redisPod,
                node == null ? null : new MemoryUsage(node.usedBytes(), node.allocatableBytes(), node.percent()))
                .filter(u -> u != null && u.percent() != null).map(MemoryUsage::percent)
                .max(Integer::compare).orElse(null);
        return new MemoryStatus(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)), worst,
                database, redis, postgresPod, redisPod, node, unavailable.isEmpty() ? null : unavailable);
    }

    private MemoryUsage pod(Pod pod, Map<String, Object> nodes, List<String> unavailable) {
        if (kubelet != null) {
            return podFromKubelet(pod, nodes, unavailable);
        }
        try {
            return cluster.pod(pod);
        } catch (ClusterMemory.Unavailable e) {
            unavailable.add(e.getMessage());
            return null;
        }
    }

    /** The pod cgroup's working set, which counts the tmpfs pages a restore init container wrote. */
    private MemoryUsage podFromKubelet(Pod pod, Map<String, Object> nodes, List<String> unavailable) {
        String node = pod.getSpec().getNodeName();
        Object known = nodes.computeIfAbsent("kubelet:" + node, n -> {
            try {
                return kubelet.podWorkingSets(node);
            } catch (ClusterMemory.Unavailable e) {
                return e.getMessage();
            }
        });
        if (known instanceof String reason) {
            unavailable.add(reason);
            return null;
        }
        @SuppressWarnings("unchecked")
        Long bytes = ((Map<String, Long>) known).get(pod.getMetadata().getNamespace() + "/"
                + pod.getMetadata().getName());
        if (bytes == null) {
            unavailable.add("pod " + pod.getMetadata().getName() + ": the kubelet has no figure for it yet");
            return null;
        }
        return MemoryUsage.of(bytes, ClusterMemory.limitBytes(pod));
    }

    private NodeMemory node(String name, Map<String, Object> nodes, List<String> unavailable) {
        if (name == null) {
            return null;
        }
        Object known = nodes.computeIfAbsent(name, n -> {
            try {
                return cluster.node(n);
            } catch (ClusterMemory.Unavailable e) {
                return e.getMessage();
            }
        });
        if (known instanceof NodeMemory n) {
            return n;
        }
        unavailable.add((String) known);
        return null;
    }

    private static boolean running(Pod pod) {
        return pod != null && pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null && pod.getMetadata().getDeletionTimestamp() == null;
    }
}
