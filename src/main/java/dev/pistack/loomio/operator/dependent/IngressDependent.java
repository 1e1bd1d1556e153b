package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.LoomioIngress;
import dev.pistack.loomio.operator.desired.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/** Applies the Ingress while spec.ingress.enabled; deletes it when turned off (see {@link IngressEnabled}). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class IngressDependent extends OwnedDependent<Ingress> {
    public IngressDependent() {
        super(Ingress.class);
    }

    @Override
    protected Ingress desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return LoomioIngress.desired(primary);
    }
}
