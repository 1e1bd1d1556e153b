package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The Postgres pod's init container that restores the uploads when the instance has backups: {@code agent
 * restore-uploads} (from the operator's image) brings the files of the newest authentic backup back into an empty
 * uploads volume, all or nothing; a volume that holds a file is left as it is (the check is all it costs then).
 *
 * <p>Why the Postgres pod, not the app's: its egress is open, as the database's restore needs (Drive, S3), while the
 * Loomio pods may not reach the cluster's own ranges (an in-cluster MinIO); and it runs before any process that
 * writes uploads, since every Loomio pod first waits for the database ({@code db:abort_if_pending_migrations}), which
 * accepts connections only once every init container finished. The files restored are of a backup at least as new
 * as the database's.
 *
 * <p>It runs as the Postgres pod's user, without capabilities (the pod stays within the "restricted" Pod Security
 * Standard): a volume of k3s' local-path provisioner is a world-writable directory, other provisioners give it the
 * pod's fsGroup; the files it writes are readable by Loomio, which runs as root. It has the server container's
 * resources, so the pod stays Guaranteed.
 */
public final class UploadsRestoreContainer {
    public static final String NAME = "restore-uploads";
    static final String VOLUME = "uploads";
    /** The whole uploads volume (the Rails containers mount three subdirectories of it). */
    static final String MOUNT = "/uploads";

    private UploadsRestoreContainer() {
    }

    /**
     * @param server the Postgres container, whose resources it shares
     * @param agentImage the operator's image, which holds the agent
     */
    static Container initContainer(LoomioInstance i, Container server, String agentImage) {
        List<VolumeMount> mounts = new ArrayList<>(List.of(new VolumeMountBuilder()
                .withName(VOLUME).withMountPath(MOUNT).build()));
        mounts.addAll(BackupAgent.backupsMount(i, true));
        mounts.add(PodSecurity.tmpMount());
        return BackupAgent.container(i, NAME, agentImage, List.of(AgentCli.RESTORE_UPLOADS,
                AgentCli.UPLOADS_DIR, MOUNT, AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG))
                // Optional: as for the database, a remote target that cannot be listed does not block a start when
                // the local volume holds the newest backup the operator recorded.
                .addToEnv(RestoreConfigMap.env(RestoreConfigMap.NEWEST_KNOWN, i))
                .withResources(server.getResources())
                .withSecurityContext(PodSecurity.restrictedContainer())
                .withVolumeMounts(mounts)
                .build();
    }

    /** @return the uploads PVC as a pod volume */
    static Volume volume(LoomioInstance i) {
        return new VolumeBuilder().withName(VOLUME).withNewPersistentVolumeClaim()
                .withClaimName(Names.uploads(i)).endPersistentVolumeClaim().build();
    }
}
