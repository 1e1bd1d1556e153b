package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The first init container of the app and worker pods when the instance has backups: {@code agent restore-uploads}
 * (from the operator's image) brings the uploads of the newest authentic backup back into an empty uploads volume,
 * all or nothing, before Loomio starts; a volume that holds files is left as it is. Both pods run it; the agent's lock
 * on the volume lets one restore while the other waits, then finds the files there.
 *
 * <p>It runs as root, as Loomio's own containers do (the upstream image's user), with DAC_OVERRIDE as its only
 * capability ({@link PodSecurity#rootAgentContainer}): the directories the kubelet creates for the subPath mounts are
 * root's, the volume's own directory the provisioner's.
 */
public final class UploadsRestoreContainer {
    public static final String NAME = "restore-uploads";
    /** The whole uploads volume (the Rails containers mount three subdirectories of it). */
    static final String MOUNT = "/uploads";

    private UploadsRestoreContainer() {
    }

    /** @return the init container, or none when the instance has no backups */
    static List<Container> initContainers(LoomioInstance i, String agentImage) {
        if (!BackupAgent.enabled(i)) {
            return List.of();
        }
        List<VolumeMount> mounts = new ArrayList<>(List.of(new VolumeMountBuilder()
                .withName(RailsPod.UPLOADS_VOLUME).withMountPath(MOUNT).build()));
        mounts.addAll(BackupAgent.backupsMount(i, true));
        mounts.add(PodSecurity.tmpMount());
        return List.of(BackupAgent.container(i, NAME, agentImage, List.of(AgentCli.RESTORE_UPLOADS,
                AgentCli.UPLOADS_DIR, MOUNT, AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG))
                // Optional: as for the database's restore, a remote target that cannot be listed does not block a
                // start when the local volume holds the newest backup the operator recorded.
                .addToEnv(new EnvVarBuilder().withName(RestoreConfigMap.NEWEST_KNOWN).withNewValueFrom()
                        .withNewConfigMapKeyRef(RestoreConfigMap.NEWEST_KNOWN, Names.restore(i), true)
                        .endValueFrom().build())
                .withResources(RailsPod.resources("50m", BackupCronJob.AGENT_MEMORY, BackupCronJob.AGENT_MEMORY))
                .withSecurityContext(PodSecurity.rootAgentContainer())
                .withVolumeMounts(mounts)
                .build());
    }

    /** @return the volumes the init container needs besides the uploads volume */
    static List<Volume> volumes(LoomioInstance i) {
        if (!BackupAgent.enabled(i)) {
            return List.of();
        }
        List<Volume> volumes = new ArrayList<>(BackupAgent.backupsVolume(i, true));
        volumes.add(PodSecurity.tmpVolume());
        return volumes;
    }
}
