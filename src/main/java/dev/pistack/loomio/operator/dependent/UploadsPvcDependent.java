package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.UploadsPvc;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * Creates the uploads PVC and grows it when spec.uploads.size grows. Not garbage-collected: no owner reference,
 * so the users' files outlive the LoomioInstance (the SDK maps it back to its instance through annotations).
 */
public class UploadsPvcDependent extends KubernetesDependentResource<PersistentVolumeClaim, LoomioInstance>
        implements
            Creator<PersistentVolumeClaim, LoomioInstance>,
            Updater<PersistentVolumeClaim, LoomioInstance> {
    public UploadsPvcDependent() {
        super(PersistentVolumeClaim.class);
    }

    @Override
    protected PersistentVolumeClaim desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return UploadsPvc.desired(primary);
    }
}
