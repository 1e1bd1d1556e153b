package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.RestoreTestCronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/** The restore-test CronJob, with the agent from the operator's image. */
public class RestoreTestCronJobDependent extends OwnedDependent<CronJob> {
    public RestoreTestCronJobDependent() {
        super(CronJob.class,
                (instance, context) -> RestoreTestCronJob.desired(instance, WorkflowInputs.of(context).agentImage(),
                        WorkflowInputs.of(context).tiers()));
    }

    /** Found by name in the shared CronJob informer; the desired state needs backups on, deleting it does not. */
    @Override
    protected ResourceID targetSecondaryResourceID(LoomioInstance primary, Context<LoomioInstance> context) {
        return new ResourceID(Names.restoreTestCronJob(primary), primary.getMetadata().getNamespace());
    }
}
