package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import dev.pistack.loomio.operator.desired.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** Applies the Redis StatefulSet ({@link RedisStatefulSet}). */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class RedisStatefulSetDependent extends OwnedDependent<StatefulSet> {
    public RedisStatefulSetDependent() {
        super(StatefulSet.class);
    }

    @Override
    protected StatefulSet desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return RedisStatefulSet.desired(primary);
    }
}
