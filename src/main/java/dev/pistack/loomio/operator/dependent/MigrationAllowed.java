package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the migration Job: the app tier runs ({@link WorkflowInputs#tiers}) and the backup taken
 * before a change of image has completed (the reconciler decides it, {@link WorkflowInputs#migrationAllowed}). While
 * the instance hibernates the Job is deleted, so no migration writes during the final backup or runs against a
 * stopped database; resuming creates it again ({@code rake db:prepare} is idempotent).
 */
public class MigrationAllowed implements Condition<Job, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<Job, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        WorkflowInputs inputs = WorkflowInputs.of(context);
        return inputs.tiers().app() && inputs.migrationAllowed();
    }
}
