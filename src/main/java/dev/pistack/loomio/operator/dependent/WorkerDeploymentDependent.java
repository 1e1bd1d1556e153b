package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Applies the worker Deployment. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class WorkerDeploymentDependent extends OwnedDependent<Deployment> {
    public WorkerDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return AppDeployments.worker(primary);
    }
}
