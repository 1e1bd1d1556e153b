package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real node of hack/node.sh, as end-to-end tests use it: its readiness, commands run in a container (the API
 * server's exec, through the kubelet and containerd), and pod memory from the Metrics API (metrics-server).
 */
final class Node {
    static final String NAME = "loomio-node";
    /** The images hack/build-test-images.sh builds and hack/node.sh imports; tests only. */
    /** PostgreSQL 17, upstream Loomio's major and the default, from Debian trixie. */
    static final String POSTGRES_IMAGE = "localhost/test/postgres:17";
    /** PostgreSQL 15, from Debian bookworm: the major of instances created before 17 was the default. */
    static final String POSTGRES_15_IMAGE = "localhost/test/postgres:15";
    static final String REDIS_IMAGE = "localhost/test/redis:7";
    /** A cron schedule that does not fire while a test runs (midnight of 1 January, UTC). */
    static final String NEVER_DURING_TESTS = "0 0 1 1 *";
    /** The node's pod range and the API server's Service range (hack/node.sh, hack/local-cluster.sh). */
    static final List<String> CLUSTER_CIDRS = List.of("10.244.0.0/16", "10.96.0.0/16");

    private Node() {
    }

    /** @return a fresh test namespace ({@link Cluster#namespace}), after checking that the node is Ready */
    static String namespace(KubernetesClient admin, String prefix) {
        assertReady(admin);
        return Cluster.namespace(admin, prefix);
    }

    /**
     * Creates the production sample in RAM mode as the end-to-end tests run it: the test images, a volume for its
     * local backups, and a database tmpfs of that size.
     *
     * @param dataSize postgres.dataSize, a quantity (small, so filling it is quick)
     * @return the instance as created
     */
    static LoomioInstance createProduction(KubernetesClient admin, String namespace, String dataSize) {
        return createProduction(admin, namespace, dataSize, null);
    }

    /**
     * {@link #createProduction(KubernetesClient, String, String)} with spec.image set: a test image whose pods really
     * run in the app tier, such as {@code localhost/test/rails-migrations:1}; null keeps the sample's Loomio image.
     */
    static LoomioInstance createProduction(KubernetesClient admin, String namespace, String dataSize, String image) {
        LoomioInstance instance = withBackupVolume(admin, forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize(dataSize);
        if (image != null) {
            instance.getSpec().setImage(image);
        }
        return admin.resource(instance).create();
    }

    /**
     * Pre-creates the PersistentVolumes the instance's local backup claim and, with backups, its uploads claim bind to
     * (the node has no provisioner), so the Postgres pod, whose restore init container mounts the first, and the
     * backup pods, which read the second, can be scheduled.
     */
    static LoomioInstance withBackupVolume(KubernetesClient admin, LoomioInstance instance) {
        if (BackupAgent.local(instance)) {
            HostPathVolumes.claim(admin, instance.getMetadata().getNamespace(), Names.backupPvc(instance),
                    instance.getSpec().getBackup().getLocal().getSize());
        }
        if (BackupAgent.enabled(instance)) {
            HostPathVolumes.claim(admin, instance.getMetadata().getNamespace(), Names.uploads(instance),
                    instance.getSpec().getUploads().getSize());
        }
        return instance;
    }

    /**
     * Runs a CronJob's job template now, as {@code kubectl create job --from=cronjob/NAME} does.
     *
     * @return the Job created, named {@code <cronjob>-<suffix>}
     */
    static Job runNow(KubernetesClient admin, CronJob cronJob, String suffix) {
        return admin.resource(new JobBuilder()
                .withNewMetadata().withName(cronJob.getMetadata().getName() + "-" + suffix)
                .withNamespace(cronJob.getMetadata().getNamespace())
                .addToAnnotations("cronjob.kubernetes.io/instantiate", "manual")
                .addNewOwnerReference().withApiVersion("batch/v1").withKind("CronJob")
                .withName(cronJob.getMetadata().getName()).withUid(cronJob.getMetadata().getUid())
                .withController(true).endOwnerReference()
                .endMetadata()
                .withSpec(cronJob.getSpec().getJobTemplate().getSpec())
                .build()).create();
    }

    /**
     * @return the instance as the node runs it: Postgres and Redis pointed at the test images, the only ones the node
     *     has; its schedules moved to midnight of 1 January (the tests run backups and restore tests when they choose
     *     ({@link #runNow}, LoomioBackups), and a scheduled backup firing mid-test, hourly at minute 17 by default,
     *     would add a newer backup than the one a test expects a restore to bring back); and smaller CPU requests
     *     ({@link #TEST_CPU}), so that the instances of concurrent tests fit the node's 2 cores; and the NetworkPolicies
     *     told the node's ranges ({@link #CLUSTER_CIDRS}) instead of k3s'
     */
    static LoomioInstance forTheNode(LoomioInstance instance) {
        instance.getSpec().getPostgres().setImage(POSTGRES_IMAGE);
        instance.getSpec().getRedis().setImage(REDIS_IMAGE);
        instance.getSpec().getBackup().setSchedule(NEVER_DURING_TESTS);
        instance.getSpec().getBackup().getRestoreTest().setSchedule(NEVER_DURING_TESTS);
        instance.getSpec().getPostgres().setResources(new ComputeResources(TEST_CPU.postgres(), null));
        instance.getSpec().getRedis().setResources(new ComputeResources(TEST_CPU.redis(), null));
        // The Loomio images cannot be pulled here: the app tier's pods never run, but their requests hold the node.
        instance.getSpec().setResources(new ResourceRequirementsBuilder()
                .withRequests(Map.of("cpu", new Quantity(TEST_CPU.app()), "memory", new Quantity("64Mi"))).build());
        instance.getSpec().setWorkerResources(instance.getSpec().getResources());
        instance.getSpec().getNetworkPolicy().setClusterCidrs(CLUSTER_CIDRS);
        return instance;
    }

    /**
     * CPU (requests, and for Postgres and Redis limits too) of the instances end-to-end tests create: three instances
     * with a backup Job running fit the node's 2,000 millicores, where the defaults (500m + 100m + 350m for the app tier)
     * would let only one run at a time ({@link EndToEnd}).
     */
    record TestCpu(String postgres, String redis, String app) {
    }

    static final TestCpu TEST_CPU = new TestCpu("400m", "50m", "10m");

    /** Fails (never skips) when the node is missing: the end-to-end tests need hack/local-cluster.sh up --with-node. */
    static void assertReady(KubernetesClient admin) {
        io.fabric8.kubernetes.api.model.Node node = admin.nodes().withName(NAME).get();
        assertThat(node).as("node %s: start it with hack/local-cluster.sh up --with-node (hack/test.sh does)", NAME)
                .isNotNull();
        assertThat(node.getStatus().getConditions()).as("node %s conditions", NAME)
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Ready");
                    assertThat(c.getStatus()).isEqualTo("True");
                });
    }

    /** The result of a command run in a container. */
    record Exec(int exitCode, String out, String err) {
    }

    /** Runs {@code sh -c script} in the pod's first container and waits for it, at most 5 minutes. */
    static Exec exec(KubernetesClient admin, Pod pod, String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch watch = admin.pods().inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .inContainer(pod.getSpec().getContainers().get(0).getName())
                .writingOutput(out).writingError(err)
                .exec("sh", "-c", script)) {
            int code = watch.exitCode().get(5, TimeUnit.MINUTES);
            return new Exec(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException("exec in " + pod.getMetadata().getName() + " failed: " + e, e);
        }
    }

    /**
     * @return the pod's memory working set, bytes, from the Metrics API (metrics.k8s.io/v1beta1, served by
     *         metrics-server from the kubelet; what {@code kubectl top pod} shows), summed over its containers; -1
     *         while metrics-server has no sample of the pod yet
     */
    static long memoryWorkingSet(KubernetesClient admin, String namespace, String name) {
        try {
            PodMetrics metrics = admin.top().pods().metrics(namespace, name);
            return metrics.getContainers().stream()
                    .mapToLong(c -> c.getUsage().get("memory").getNumericalAmount().longValueExact()).sum();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return -1;
            }
            throw e;
        }
    }

    /**
     * @return the pod's memory working set, bytes, as the kubelet's /stats/summary reports it for the pod's cgroup
     *     (through the API server's node proxy): unlike the Metrics API it includes pages charged to the pod but to
     *     no running container, such as a tmpfs an init container filled; -1 when the kubelet has no stats yet
     */
    static long podWorkingSet(KubernetesClient admin, String namespace, String name) {
        try {
            JsonNode summary = new ObjectMapper().readTree(admin.raw("/api/v1/nodes/" + NAME + "/proxy/stats/summary"));
            for (JsonNode pod : summary.path("pods")) {
                if (namespace.equals(pod.path("podRef").path("namespace").asText())
                        && name.equals(pod.path("podRef").path("name").asText())) {
                    return pod.path("memory").path("workingSetBytes").asLong(-1);
                }
            }
            return -1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @return bytes used in a pod's volume as the kubelet's /stats/summary reports it (refreshed about once a
     *     minute); -1 when the kubelet has no figure for it yet
     */
    static long volumeUsedBytes(KubernetesClient admin, String namespace, String pod, String volume) {
        try {
            JsonNode summary = new ObjectMapper().readTree(admin.raw("/api/v1/nodes/" + NAME + "/proxy/stats/summary"));
            for (JsonNode p : summary.path("pods")) {
                if (namespace.equals(p.path("podRef").path("namespace").asText())
                        && pod.equals(p.path("podRef").path("name").asText())) {
                    for (JsonNode v : p.path("volume")) {
                        if (volume.equals(v.path("name").asText())) {
                            return v.path("usedBytes").asLong(-1);
                        }
                    }
                }
            }
            return -1;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
