package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The backup agent's containers ({@code agent ...} from the operator's own image), as the backup CronJob and the
 * restore init container run them: the backup Secret as environment (BACKUP_ENCRYPTION_KEY, GDRIVE_*, S3_*; the
 * Drive Secret's GDRIVE_* when backup.driveSecretRef is set), the local backup PVC, a Drive subfolder of the
 * instance's own, the instance's identity (which backups record and restores require, and which names its S3 key
 * prefix), and a JSON summary as the termination message.
 */
public final class BackupAgent {
    static final String BACKUPS_VOLUME = "backups";
    static final String BACKUPS_MOUNT = "/backups";
    /** A small heap: the agent streams, with 64-128 KiB buffers and Drive chunks of 16 MiB. */
    static final String JAVA_OPTIONS = "-XX:+UseSerialGC -Xmx96m -Xss512k -XX:TieredStopAtLevel=1 -XX:-UsePerfData";

    private BackupAgent() {
    }

    /** @return true when the instance has backups (a backup Secret is referenced) */
    public static boolean enabled(LoomioInstance i) {
        return i.getSpec().getBackup() != null && i.getSpec().getBackup().getSecretRef() != null;
    }

    /** @return true when backups also go to the local backup PVC */
    public static boolean local(LoomioInstance i) {
        return enabled(i) && i.getSpec().getBackup().getLocal().isEnabled();
    }

    /**
     * @param image the operator's image, which holds the agent
     * @param args the agent's arguments after {@code agent}
     */
    static ContainerBuilder container(LoomioInstance i, String name, String image, List<String> args) {
        List<String> all = new ArrayList<>(List.of("agent"));
        all.addAll(args);
        List<EnvVar> env = new ArrayList<>(List.of(
                new EnvVarBuilder().withName("JAVA_TOOL_OPTIONS").withValue(JAVA_OPTIONS).build(),
                new EnvVarBuilder().withName(AgentCli.ENV_DRIVE_SUBFOLDER).withValue(Names.offsiteFolder(i)).build(),
                new EnvVarBuilder().withName(AgentCli.ENV_INSTANCE)
                        .withValue(i.getMetadata().getNamespace() + "/" + i.getMetadata().getName()).build(),
                new EnvVarBuilder().withName(AgentCli.ENV_INSTANCE_UID)
                        .withValue(Objects.requireNonNullElse(i.getMetadata().getUid(), "")).build()));
        if (local(i)) {
            env.add(new EnvVarBuilder().withName(AgentCli.ENV_LOCAL_DIR).withValue(BACKUPS_MOUNT).build());
        }
        ContainerBuilder container = new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withArgs(all)
                .withEnv(env)
                .addNewEnvFrom().withNewSecretRef().withName(i.getSpec().getBackup().getSecretRef().getName())
                .endSecretRef().endEnvFrom();
        if (i.getSpec().getBackup().getDriveSecretRef() != null) {
            // Later envFrom sources win: the Drive Secret's GDRIVE_* over any left in the backup Secret.
            container.addNewEnvFrom().withNewSecretRef()
                    .withName(i.getSpec().getBackup().getDriveSecretRef().getName()).endSecretRef().endEnvFrom();
        }
        return container
                // The agent writes its JSON summary there; when it dies before, the log's tail says why.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(PodSecurity.restrictedContainer());
    }

    /** @return the local backup PVC's mount, read-only for restores */
    static List<VolumeMount> backupsMount(LoomioInstance i, boolean readOnly) {
        return local(i)
                ? List.of(new VolumeMountBuilder().withName(BACKUPS_VOLUME).withMountPath(BACKUPS_MOUNT)
                        .withReadOnly(onlyTrue(readOnly)).build())
                : List.of();
    }

    /**
     * The API server drops a {@code readOnly: false} (omitempty): written out, it differs from what the server keeps,
     * and the SDK's server-side-apply matcher would apply the object again at every reconcile, a write to k3s'
     * datastore each time (ReconcileIT#aSecondReconcileChangesNothing).
     */
    private static Boolean onlyTrue(boolean value) {
        return value ? Boolean.TRUE : null;
    }

    /** @return the local backup PVC as a pod volume, when local backups are on */
    static List<Volume> backupsVolume(LoomioInstance i, boolean readOnly) {
        return local(i)
                ? List.of(new VolumeBuilder().withName(BACKUPS_VOLUME).withNewPersistentVolumeClaim()
                        .withClaimName(Names.backupPvc(i)).withReadOnly(onlyTrue(readOnly))
                        .endPersistentVolumeClaim().build())
                : List.of();
    }
}
