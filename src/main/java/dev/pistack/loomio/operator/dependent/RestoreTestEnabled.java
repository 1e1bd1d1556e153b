package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/**
 * Reconcile precondition of the restore-test CronJob: backups on and spec.backup.restoreTest.enabled. When it turns
 * false the workflow deletes the CronJob; the last result stays in status.backup.lastVerified.
 */
public class RestoreTestEnabled implements Condition<HasMetadata, LoomioInstance> {
    @Override
    public boolean isMet(DependentResource<HasMetadata, LoomioInstance> dependent, LoomioInstance primary,
            Context<LoomioInstance> context) {
        return BackupAgent.enabled(primary) && primary.getSpec().getBackup().getRestoreTest().isEnabled();
    }
}
