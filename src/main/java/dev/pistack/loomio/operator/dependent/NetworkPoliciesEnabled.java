package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.NetworkPolicies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the NetworkPolicies: spec.networkPolicy.enabled. When false the workflow deletes them. */
public class NetworkPoliciesEnabled implements Condition<NetworkPolicy, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<NetworkPolicy, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return NetworkPolicies.enabled(primary);
    }
}
