package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.MigrationJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;

/**
 * Creates the migration Job for the current image. Never updated: a Job's pod template is immutable, and a new
 * image gets a Job of its own name ({@link dev.pistack.loomio.operator.desired.Names#migrationJob}).
 */
public class MigrationJobDependent extends OwnedDependent<Job> {
    public MigrationJobDependent() {
        super(Job.class, (instance, context) -> MigrationJob.desired(instance, WorkflowInputs.of(context).database()));
    }

    /** Never update: a Job's pod template is immutable, and the SDK would otherwise try when the image changes. */
    @Override
    public Matcher.Result<Job> match(Job actual, LoomioInstance primary, Context<LoomioInstance> context) {
        return Matcher.Result.nonComputed(true);
    }
}
