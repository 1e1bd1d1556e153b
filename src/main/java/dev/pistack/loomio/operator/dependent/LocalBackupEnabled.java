package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the local backup PVC: backups on, spec.backup.local.enabled. When it turns false the PVC
 * is kept (it has no Deleter): the backups on it are the user's to delete.
 */
public class LocalBackupEnabled implements Condition<PersistentVolumeClaim, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<PersistentVolumeClaim, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return BackupAgent.local(primary);
    }
}
