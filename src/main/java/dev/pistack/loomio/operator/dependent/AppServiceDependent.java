package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Services;
import dev.pistack.loomio.operator.desired.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.fabric8.kubernetes.api.model.Service;

/** Applies the Loomio app Service. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class AppServiceDependent extends OwnedDependent<Service> {
    public AppServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return Services.app(primary);
    }
}
