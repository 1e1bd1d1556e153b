package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.HourlyTasksCronJob;
import dev.pistack.loomio.operator.desired.Labels;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/** Applies the hourly-tasks CronJob. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class HourlyTasksCronJobDependent extends OwnedDependent<CronJob> {
    public HourlyTasksCronJobDependent() {
        super(CronJob.class);
    }

    @Override
    protected CronJob desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return HourlyTasksCronJob.desired(primary);
    }
}
