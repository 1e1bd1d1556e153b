package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the Postgres and Redis StatefulSets: false while an environment switch replaces them
 * ({@link WorkflowInputs#tiers}). The workflow then deletes them (their pods are already gone and the final backup is
 * stored), and creates them anew in the other shape once the switch allows it: a StatefulSet's volume claim
 * templates cannot change in place.
 */
public class DataTierPresent implements Condition<StatefulSet, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<StatefulSet, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return WorkflowInputs.of(context).tiers().dataTierPresent();
    }
}
