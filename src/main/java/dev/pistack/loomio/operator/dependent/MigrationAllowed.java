package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the migration Job: the app tier runs ({@link RunningTiers}) and the backup taken before
 * a change of image has completed (the reconciler decides it, {@link #put}). While the instance hibernates the Job is
 * deleted, so no migration writes during the final backup or runs against a stopped database; resuming creates it
 * again ({@code rake db:prepare} is idempotent).
 */
public class MigrationAllowed implements Condition<Job, LoomioInstance> {
    private static final String KEY = "loomio.migration-allowed";

    /** Called by the reconciler before the workflow runs: whether the pre-upgrade backup lets the migration start. */
    public static void put(Context<LoomioInstance> context, boolean backedUp) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, backedUp);
    }

    @Override
    public boolean isMet(DependentResource<Job, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return RunningTiers.of(context).app()
                && context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, Boolean.class);
    }
}
