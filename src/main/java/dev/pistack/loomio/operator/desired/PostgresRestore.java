package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The restore init containers of the Postgres pod: whenever Postgres starts with an empty data directory (every
 * start in production), the newest authentic backup is back before the server accepts a connection.
 *
 * <ol>
 *   <li>{@value #FETCH} ({@code agent restore} from the operator's image): picks the newest authentic backup across
 *       the local PVC and Drive (or, while a LoomioRestore runs, the backup it chose) and writes its verified SQL, gzipped, to {@code <data>/.restore/dump.sql.gz}; exits 0
 *       without a file when the rule in {@link RestoreConfigMap} says to start fresh, non-zero when it cannot
 *       restore (the kubelet retries with back-off, the termination message says why).</li>
 *   <li>{@value #APPLY} ({@code spec.postgres.image}): builds the database in a staging directory and renames it
 *       into place (restore-apply.sh).</li>
 * </ol>
 * Both share the data volume (the dump sits next to the database it becomes, so a restore needs room for both) and
 * have the server container's resources, so the pod stays Guaranteed and its memory limit covers what they write
 * to the tmpfs.
 */
public final class PostgresRestore {
    public static final String FETCH = "restore-fetch";
    public static final String APPLY = "restore-apply";
    static final String RESTORE_DIR = PostgresStatefulSet.DATA_MOUNT + "/.restore";
    private static final String SCRIPT = ShellScripts.load("restore-apply.sh");

    private PostgresRestore() {
    }

    /**
     * @param server the Postgres container, whose image, environment and resources the init containers share
     * @param agentImage the operator's image, which holds the agent
     */
    static List<Container> initContainers(LoomioInstance i, Container server, String agentImage) {
        ResourceRequirements resources = server.getResources();
        List<VolumeMount> mounts = new ArrayList<>(List.of(new VolumeMountBuilder()
                .withName(DataStatefulSet.DATA_VOLUME).withMountPath(PostgresStatefulSet.DATA_MOUNT).build()));
        mounts.addAll(BackupAgent.backupsMount(i, true));
        mounts.add(PodSecurity.tmpMount());
        Container fetch = BackupAgent.container(i, FETCH, agentImage, List.of(AgentCli.RESTORE,
                AgentCli.OUTPUT, RESTORE_DIR + "/dump.sql.gz", AgentCli.GZIP,
                AgentCli.STAGING_DIR, RESTORE_DIR,
                AgentCli.UNLESS_EXISTS, PostgresStatefulSet.PGDATA + "/PG_VERSION",
                AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG))
                .addToEnv(new EnvVarBuilder().withName(RestoreConfigMap.WHEN_NONE).withNewValueFrom()
                        .withNewConfigMapKeyRef(RestoreConfigMap.WHEN_NONE, Names.restore(i), false)
                        .endValueFrom().build())
                .addToEnv(RestoreConfigMap.env(RestoreConfigMap.NEWEST_KNOWN, i))
                .addToEnv(RestoreConfigMap.env(RestoreConfigMap.BACKUP, i),
                        RestoreConfigMap.env(RestoreConfigMap.BEFORE, i),
                        RestoreConfigMap.env(RestoreConfigMap.SOURCE, i))
                .withResources(resources)
                .withVolumeMounts(mounts)
                .build();
        List<EnvVar> env = new ArrayList<>(server.getEnv());
        env.add(new EnvVarBuilder().withName("DATA").withValue(PostgresStatefulSet.DATA_MOUNT).build());
        Container apply = new ContainerBuilder()
                .withName(APPLY)
                .withImage(server.getImage())
                .withImagePullPolicy(server.getImagePullPolicy())
                .withCommand("sh", "-c", SCRIPT)
                .withEnv(env)
                .withResources(resources)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(server.getSecurityContext())
                .withVolumeMounts(server.getVolumeMounts())
                .build();
        return List.of(fetch, apply);
    }
}
