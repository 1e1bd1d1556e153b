package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.HourlyTasksCronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/** Applies the hourly-tasks CronJob ({@link HourlyTasksCronJob}). */
public class HourlyTasksCronJobDependent extends OwnedDependent<CronJob> {
    public HourlyTasksCronJobDependent() {
        super(CronJob.class, (instance, context) -> HourlyTasksCronJob.desired(instance, RunningTiers.of(context)));
    }
}
