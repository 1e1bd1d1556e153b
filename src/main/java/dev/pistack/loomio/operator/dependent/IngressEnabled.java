package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Reconcile precondition of the Ingress: spec.ingress.enabled. When false the workflow deletes the Ingress. */
public class IngressEnabled implements Condition<Ingress, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<Ingress, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return primary.getSpec().getIngress().isEnabled();
    }
}
