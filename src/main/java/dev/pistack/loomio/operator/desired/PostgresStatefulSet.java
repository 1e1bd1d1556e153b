package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.PostgresSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired Postgres StatefulSet: PGDATA in RAM (production) or on a PVC (development); with backups, the restore init
 * containers of {@link PostgresRestore} in front of the server, and always {@link PostgresRoles}' last.
 */
public final class PostgresStatefulSet {
    public static final String COMPONENT = "database";
    public static final int PORT = 5432;
    /** Where the data volume is mounted; PGDATA is a subdirectory so initdb finds it empty (no lost+found). */
    static final String DATA_MOUNT = "/var/lib/postgresql/data";
    static final String PGDATA = DATA_MOUNT + "/pgdata";
    static final ComputeResources DEFAULTS = new ComputeResources("500m", "256Mi");

    private PostgresStatefulSet() {
    }

    /**
     * @param agentImage the operator's image, for the restore init container when the instance has backups
     * @param tiers whether the data tier runs (one replica) or is stopped (none), and its shape (RAM or PVC)
     */
    public static StatefulSet desired(LoomioInstance i, String agentImage, Tiers tiers) {
        PostgresSpec pg = i.getSpec().getPostgres();
        ContainerBuilder container = new ContainerBuilder()
                .withName("postgres")
                .withImage(pg.getImage())
                .withArgs(args(i, tiers.dataShape(i)))
                .withEnv(
                        new EnvVarBuilder().withName("POSTGRES_DB").withValue(Names.DATABASE).build(),
                        new EnvVarBuilder().withName("POSTGRES_USER").withValue(Names.DATABASE_SUPERUSER).build(),
                        new EnvVarBuilder().withName("POSTGRES_PASSWORD").withNewValueFrom()
                                .withNewSecretKeyRef(CredentialsSecret.POSTGRES_PASSWORD, Names.credentialsSecret(i),
                                        false)
                                .endValueFrom().build(),
                        new EnvVarBuilder().withName("PGDATA").withValue(PGDATA).build())
                .addNewPort().withName("postgres").withContainerPort(PORT).endPort()
                .withNewReadinessProbe()
                .withNewExec()
                .withCommand("pg_isready", "-h", PodSecurity.POSTGRES_RUN_DIR, "-U", Names.DATABASE_SUPERUSER, "-d",
                        Names.DATABASE)
                .endExec()
                .withPeriodSeconds(5).withFailureThreshold(3)
                .endReadinessProbe()
                // No liveness probe: a restart by a flapping probe is a needless outage, and Postgres exits by itself
                // when it is truly broken.
                .addNewVolumeMount().withName(DataStatefulSet.DATA_VOLUME).withMountPath(DATA_MOUNT).endVolumeMount()
                .addToVolumeMounts(PodSecurity.postgresRunMount());
        StatefulSet sts = DataStatefulSet.of(i, tiers.dataShape(i), COMPONENT, Names.postgres(i), container,
                pg.getDataSize(),
                pg.getResources(), DEFAULTS, pg.getStorageClassName(), tiers);
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        List<Volume> volumes = new ArrayList<>(pod.getVolumes());
        volumes.add(PodSecurity.postgresRunVolume());
        Container server = pod.getContainers().get(0);
        List<Container> init = new ArrayList<>();
        if (BackupAgent.enabled(i)) {
            init.addAll(PostgresRestore.initContainers(i, server, agentImage));
            init.add(UploadsRestoreContainer.initContainer(i, server, agentImage));
            volumes.addAll(BackupAgent.backupsVolume(i, true));
            volumes.add(UploadsRestoreContainer.volume(i));
        }
        init.add(PostgresRoles.initContainer(server, Names.credentialsSecret(i)));
        pod.setInitContainers(init);
        pod.setVolumes(volumes);
        return sts;
    }

    /**
     * Server settings as {@code -c name=value} arguments, so they show in the pod spec.
     *
     * @param shape the environment the StatefulSet is shaped for: RAM mode sets the tmpfs settings
     */
    static List<String> args(LoomioInstance i, Environment shape) {
        List<String> args = new ArrayList<>();
        // A Pi-sized instance: Puma's threads, Solid Queue's workers, dispatcher and scheduler, and a migration need
        // about 20 connections.
        setting(args, "max_connections", "50");
        if (shape.ramMode()) {
            long dataMiB = Quantities.toMebibytes(i.getSpec().getPostgres().getDataSize());
            // Every data page already sits in RAM (tmpfs), so a large buffer pool would hold a second copy of it
            // (double buffering) and count twice against the memory limit. Keep it small.
            setting(args, "shared_buffers", "32MB");
            // Tell the planner the whole database is cached, which it is.
            setting(args, "effective_cache_size", dataMiB + "MB");
            // WAL shares the tmpfs with the data: bound it so checkpoints keep it from filling the volume.
            setting(args, "max_wal_size", "64MB");
            setting(args, "min_wal_size", "32MB");
            // Durability comes from backups, not WAL: nothing replicates or archives it (yet), so log the minimum.
            setting(args, "wal_level", "minimal");
            setting(args, "max_wal_senders", "0");
            // fsync and full-page writes guard against an OS crash losing or tearing pages on disk. On tmpfs an OS
            // crash loses everything anyway, and a Postgres crash keeps the page cache, so they only cost time.
            setting(args, "fsync", "off");
            setting(args, "full_page_writes", "off");
            // Per-operation memory, kept small so memory use stays inside the container's own 'memory' budget.
            setting(args, "work_mem", "4MB");
            setting(args, "maintenance_work_mem", "32MB");
        }
        return args;
    }

    private static void setting(List<String> args, String name, String value) {
        args.add("-c");
        args.add(name + "=" + value);
    }
}
