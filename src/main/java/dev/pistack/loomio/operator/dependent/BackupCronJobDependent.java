package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The backup CronJob, with the agent from the operator's image. */
public class BackupCronJobDependent extends OwnedDependent<CronJob> {
    public BackupCronJobDependent() {
        super(CronJob.class,
                (instance, context) -> BackupCronJob.desired(instance, WorkflowInputs.of(context).agentImage(),
                        WorkflowInputs.of(context).tiers(), WorkflowInputs.of(context).database()));
    }

    /**
     * The CronJob informer is shared with the restore test's, so the SDK picks this one by name; it asks for it also
     * when backups are off (to delete the CronJob), where the desired state cannot be built: it has no Secret.
     */
    @Override
    protected ResourceID targetSecondaryResourceID(LoomioInstance primary, Context<LoomioInstance> context) {
        return new ResourceID(Names.backupCronJob(primary), primary.getMetadata().getNamespace());
    }
}
