package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.LoomioIngress;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;

/** Applies the Ingress while spec.ingress.enabled; deleted when turned off (see {@link IngressEnabled}). */
public class IngressDependent extends OwnedDependent<Ingress> {
    public IngressDependent() {
        super(Ingress.class, LoomioIngress::desired);
    }
}
