package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * Desired Job of a LoomioBackup: the backup CronJob's pod ({@link BackupCronJob#jobSpec}), once, with the backup's
 * kind and no retention pruning. Owned by the LoomioBackup (deleting it deletes the Job, never the backup file); its
 * pods carry the instance's backup labels, so the instance's {@code status.backup} counts the run too, and
 * {@value #BACKUP_LABEL} names the LoomioBackup.
 */
public final class OnDemandBackupJob {
    /** Label of the Job and its pod: the LoomioBackup's name. */
    public static final String BACKUP_LABEL = "loomio.pistack.dev/loomiobackup";

    private OnDemandBackupJob() {
    }

    /**
     * @param backup the LoomioBackup, as stored (its uid is the owner reference's)
     * @param instance the instance it names
     * @param agentImage the operator's image, which holds the agent
     * @param database the role pg_dump logs in as ({@link DatabaseLogin#loomio})
     */
    public static Job desired(LoomioBackup backup, LoomioInstance instance, String agentImage,
            DatabaseLogin database) {
        Map<String, String> labels = labels(backup, instance);
        List<String> args = List.of(AgentCli.BACKUP, AgentCli.KIND, backup.getSpec().getKind().agentKind(),
                AgentCli.NO_PRUNE);
        return new JobBuilder()
                .withNewMetadata()
                .withName(Names.backupJob(backup))
                .withNamespace(backup.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(Owners.controller(backup))
                .endMetadata()
                .withSpec(BackupCronJob.jobSpec(instance, agentImage, args, labels, database))
                .build();
    }

    private static Map<String, String> labels(LoomioBackup backup, LoomioInstance instance) {
        Map<String, String> labels = Labels.of(instance, BackupCronJob.COMPONENT);
        labels.put(BACKUP_LABEL, backup.getMetadata().getName());
        return labels;
    }
}
