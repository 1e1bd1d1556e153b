package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RestoreTestSpec;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired restore-test CronJob ({@code <name>-restore-test}): proves on a schedule that the newest backup restores.
 * Each run's pod holds
 * <ul>
 *   <li>{@value #SCRATCH} ({@code spec.postgres.image}, a native sidecar: an init container with restartPolicy
 *       Always, Kubernetes 1.29+): an empty PostgreSQL server of its own, its data on a memory-backed volume of its
 *       own, reachable only through a Unix socket inside the pod — never the live database;</li>
 *   <li>{@value #TEST} (the operator's image): {@code agent restore-test}, which restores the newest backup into it
 *       and compares every table's rows with the backup's; its JSON summary is the termination message the operator
 *       reads into {@code status.backup.lastVerified}.</li>
 * </ul>
 * When the test container ends, the kubelet stops the sidecar and the scratch data goes with the pod. Both meet the
 * "restricted" Pod Security Standard; no API token is mounted.
 */
public final class RestoreTestCronJob {
    public static final String COMPONENT = "restore-test";
    public static final String SCRATCH = "scratch-postgres";
    public static final String TEST = "restore-test";
    static final String SCRATCH_VOLUME = "scratch";
    static final String SCRATCH_MOUNT = "/scratch";
    static final String SOCKET_VOLUME = "socket";
    static final String SOCKET_DIR = "/run/scratch";
    /** A test that has not finished in 50 minutes is stuck; the Job is failed and says so. */
    static final long DEADLINE_SECONDS = 3000;

    private RestoreTestCronJob() {
    }

    /**
     * @param agentImage the operator's image, which holds the agent
     * @param tiers suspended unless the schedules run (nothing changes while the instance hibernates)
     */
    public static CronJob desired(LoomioInstance i, String agentImage, Tiers tiers) {
        RestoreTestSpec spec = i.getSpec().getBackup().getRestoreTest();
        Map<String, String> labels = Labels.of(i, COMPONENT);
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(Names.restoreTestCronJob(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withSchedule(spec.getSchedule())
                .withSuspend(!tiers.schedules())
                .withTimeZone("Etc/UTC")
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(600L)
                .withSuccessfulJobsHistoryLimit(1)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                // A failed test is reported, not retried: a second run could pass on the next hourly backup and hide
                // that this one did not restore.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.nonRootPod(PodSecurity.DATA_SERVICE_UID))
                .withInitContainers(scratch(i))
                .withContainers(test(i, agentImage))
                .withVolumes(volumes(i))
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    private static Container scratch(LoomioInstance i) {
        String dataSize = i.getSpec().getPostgres().getDataSize();
        return new ContainerBuilder()
                .withName(SCRATCH)
                .withImage(i.getSpec().getPostgres().getImage())
                .withRestartPolicy("Always")
                .withArgs(
                        // No TCP: only the test container, through the socket in the shared volume.
                        "-c", "listen_addresses=", "-c", "unix_socket_directories=" + SOCKET_DIR,
                        // A scratch copy: nothing to make durable, and memory kept small as in RAM mode.
                        "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
                        "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "max_wal_size=64MB",
                        "-c", "shared_buffers=32MB", "-c", "maintenance_work_mem=32MB")
                .withEnv(
                        new EnvVarBuilder().withName("POSTGRES_DB").withValue(Names.DATABASE).build(),
                        new EnvVarBuilder().withName("POSTGRES_USER").withValue(Names.DATABASE_SUPERUSER).build(),
                        // The image's entrypoint insists on one; nobody uses it (no TCP listener).
                        new EnvVarBuilder().withName("POSTGRES_PASSWORD").withNewValueFrom()
                                .withNewSecretKeyRef(CredentialsSecret.POSTGRES_PASSWORD, Names.credentialsSecret(i),
                                        false)
                                .endValueFrom().build(),
                        new EnvVarBuilder().withName("PGDATA").withValue(SCRATCH_MOUNT + "/pgdata").build())
                .withNewStartupProbe()
                .withNewExec()
                .withCommand("pg_isready", "-h", SOCKET_DIR, "-U", Names.DATABASE_SUPERUSER, "-d", Names.DATABASE)
                .endExec()
                .withPeriodSeconds(2).withFailureThreshold(90)
                .endStartupProbe()
                .withResources(resources("500m", PostgresStatefulSet.DEFAULTS.getMemory(), dataSize))
                .withSecurityContext(PodSecurity.restrictedContainer())
                .withVolumeMounts(mount(SCRATCH_VOLUME, SCRATCH_MOUNT), mount(SOCKET_VOLUME, SOCKET_DIR),
                        PodSecurity.tmpMount(), PodSecurity.postgresRunMount())
                .build();
    }

    private static Container test(LoomioInstance i, String agentImage) {
        String dataSize = i.getSpec().getPostgres().getDataSize();
        List<VolumeMount> mounts = new ArrayList<>(List.of(mount(SOCKET_VOLUME, SOCKET_DIR),
                mount(BackupCronJob.STAGING_VOLUME, BackupCronJob.STAGING_MOUNT)));
        mounts.addAll(BackupAgent.backupsMount(i, true));
        mounts.add(PodSecurity.tmpMount());
        return BackupAgent.container(i, TEST, agentImage, List.of(AgentCli.RESTORE_TEST,
                AgentCli.STAGING_DIR, BackupCronJob.STAGING_MOUNT, AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG))
                .addToEnv(
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_HOST).withValue(SOCKET_DIR).build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_PORT)
                                .withValue(Integer.toString(PostgresStatefulSet.PORT))
                                .build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_NAME).withValue(Names.DATABASE).build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_USER).withValue(Names.DATABASE_SUPERUSER).build())
                // A backup read from Drive is staged (encrypted) in RAM first: at most the dump's size.
                .withResources(resources("250m", BackupCronJob.AGENT_MEMORY, dataSize))
                .withVolumeMounts(mounts)
                .build();
    }

    /**
     * Limits room for the data on a memory-backed volume (tmpfs pages count against the writer's memory cgroup) on
     * top of the process's own memory; requests only the process's own. Usually the data is far below
     * postgres.dataSize, and a test that reserved the whole of it twice would not fit next to a running instance on a
     * small node. Burstable: under memory pressure the kubelet evicts a test before the instance.
     */
    private static ResourceRequirements resources(String cpu, String own, String data) {
        return new ResourceRequirementsBuilder()
                .withRequests(new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(own))))
                .withLimits(new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", Quantities.sum(data, own))))
                .build();
    }

    private static List<Volume> volumes(LoomioInstance i) {
        String dataSize = i.getSpec().getPostgres().getDataSize();
        List<Volume> volumes = new ArrayList<>(List.of(
                MemoryVolume.of(SCRATCH_VOLUME, dataSize), MemoryVolume.of(SOCKET_VOLUME, "1Mi"),
                MemoryVolume.of(BackupCronJob.STAGING_VOLUME, dataSize), PodSecurity.tmpVolume(),
                PodSecurity.postgresRunVolume()));
        volumes.addAll(BackupAgent.backupsVolume(i, true));
        return volumes;
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }
}
