package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.MigrationJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * Creates the migration Job for the current image. Never updated: a Job's pod template is immutable, and a new
 * image gets a Job of its own name ({@link dev.pistack.loomio.operator.desired.Names#migrationJob}).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class MigrationJobDependent extends KubernetesDependentResource<Job, LoomioInstance>
        implements Creator<Job, LoomioInstance>, GarbageCollected<LoomioInstance> {
    public MigrationJobDependent() {
        super(Job.class);
    }

    @Override
    protected Job desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return MigrationJob.desired(primary);
    }
}
