package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the Postgres disruption budget: production (RAM mode). In development the workflow
 * deletes it: the data is on a PVC and survives an eviction.
 */
public class RamMode implements Condition<PodDisruptionBudget, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<PodDisruptionBudget, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return primary.getSpec().getEnvironment().ramMode();
    }
}
