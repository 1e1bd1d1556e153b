package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.util.function.Function;

/**
 * A PVC that holds the users' data and outlives its LoomioInstance: created, grown when its size grows, never
 * deleted by the operator (no Deleter) and not garbage-collected (no owner reference; the SDK maps it back to its
 * instance through annotations).
 */
public abstract class KeptPvcDependent extends KubernetesDependentResource<PersistentVolumeClaim, LoomioInstance>
        implements
            Creator<PersistentVolumeClaim, LoomioInstance>,
            Updater<PersistentVolumeClaim, LoomioInstance> {
    private final Function<LoomioInstance, PersistentVolumeClaim> builder;

    /** @param builder the pure function from the instance to the claim's desired state */
    protected KeptPvcDependent(Function<LoomioInstance, PersistentVolumeClaim> builder) {
        super(PersistentVolumeClaim.class);
        this.builder = builder;
    }

    @Override
    protected PersistentVolumeClaim desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return builder.apply(primary);
    }
}
