package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupPvc;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * Creates the local backup PVC and grows it when spec.backup.local.size grows. Not garbage-collected: no owner
 * reference, so the backups outlive the LoomioInstance (the SDK maps it back through annotations).
 */
public class BackupPvcDependent extends KubernetesDependentResource<PersistentVolumeClaim, LoomioInstance>
        implements
            Creator<PersistentVolumeClaim, LoomioInstance>,
            Updater<PersistentVolumeClaim, LoomioInstance> {
    public BackupPvcDependent() {
        super(PersistentVolumeClaim.class);
    }

    @Override
    protected PersistentVolumeClaim desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return BackupPvc.desired(primary);
    }
}
