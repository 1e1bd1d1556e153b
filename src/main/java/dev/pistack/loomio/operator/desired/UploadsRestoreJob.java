package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired Job that brings back, during a LoomioRestore, the uploads of the backup Postgres restored that the uploads
 * volume lacks ({@code agent restore-uploads --backup NAME}, and {@code --source-instance} for a clone): a file
 * deleted since (Active Storage purges a deleted attachment's file) comes back, and no file is removed.
 *
 * <p>It runs as root with only {@code DAC_OVERRIDE} and {@code FOWNER} of the runtime's default capabilities, no
 * privilege escalation and a read-only root filesystem (Pod Security {@code baseline}, like the app tier): the
 * directories it writes into are the app's, made by upstream's image as root, so the data tier's uid 999 (the
 * Postgres pod's {@code restore-uploads}, which fills only an empty volume) could not write there. Owned by the
 * instance; one per LoomioRestore.
 */
public final class UploadsRestoreJob {
    public static final String COMPONENT = "restore-uploads";
    private static final String CONTAINER = "restore-uploads";

    private UploadsRestoreJob() {
    }

    /** @return {@code <instance>-uploads-<8 hex digits of SHA-256(restore name)>} ({@link Names#uploadsRestoreJob}) */
    public static String name(LoomioInstance i, String restore) {
        return Names.uploadsRestoreJob(i, restore);
    }

    /**
     * @param restore the LoomioRestore's name
     * @param restored the database backup Postgres restored for it: the uploads of that backup are brought back
     * @param source a clone's source instance ({@code namespace/name}), or null
     * @param agentImage the operator's image, which holds the agent
     */
    public static Job desired(LoomioInstance i, String restore, String restored, String source, String agentImage) {
        List<String> args = new ArrayList<>(List.of(AgentCli.RESTORE_UPLOADS, AgentCli.UPLOADS_DIR,
                UploadsRestoreContainer.MOUNT, AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG,
                AgentCli.RESTORE_BACKUP, restored));
        if (source != null && !source.isEmpty()) {
            args.addAll(List.of(AgentCli.SOURCE_INSTANCE, source));
        }
        List<VolumeMount> mounts = new ArrayList<>(BackupAgent.backupsMount(i, true));
        mounts.add(new VolumeMountBuilder().withName(UploadsRestoreContainer.VOLUME)
                .withMountPath(UploadsRestoreContainer.MOUNT).build());
        mounts.add(PodSecurity.tmpMount());
        List<Volume> volumes = new ArrayList<>(BackupAgent.backupsVolume(i, true));
        volumes.add(UploadsRestoreContainer.volume(i));
        volumes.add(PodSecurity.tmpVolume());
        // A short run, while the app tier is stopped: a small CPU request lets it be scheduled on a full Pi.
        Map<String, Quantity> requests = new TreeMap<>(Map.of("cpu", new Quantity("50m"), "memory",
                new Quantity(BackupCronJob.AGENT_MEMORY)));
        Map<String, Quantity> limits = new TreeMap<>(Map.of("cpu", new Quantity("250m"), "memory",
                new Quantity(BackupCronJob.AGENT_MEMORY)));
        Container agent = BackupAgent.container(i, CONTAINER, agentImage, args)
                .withSecurityContext(new SecurityContextBuilder()
                        .withRunAsUser(0L)
                        .withAllowPrivilegeEscalation(false)
                        .withReadOnlyRootFilesystem(true)
                        // The app tier's root keeps the runtime's default capabilities; of them this needs only these
                        // two: files and directories of other owners (the data tier's lock file, the volume's root).
                        .withNewCapabilities().withDrop("ALL").withAdd("DAC_OVERRIDE", "FOWNER").endCapabilities()
                        .build())
                .withNewResources().withRequests(requests).withLimits(limits).endResources()
                .withVolumeMounts(mounts)
                .build();
        Map<String, String> labels = Labels.of(i, COMPONENT);
        return new JobBuilder()
                .withNewMetadata()
                .withName(name(i, restore))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(Owners.controller(i))
                .endMetadata()
                .withNewSpec()
                // An I/O error (a download that broke) is worth a second try; a bad backup is not, but the agent
                // reports it in the termination message either way.
                .withBackoffLimit(1)
                .withActiveDeadlineSeconds(BackupCronJob.DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withSecurityContext(PodSecurity.upstreamRootPod())
                .withContainers(agent)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }
}
