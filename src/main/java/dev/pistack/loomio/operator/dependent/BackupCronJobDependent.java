package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.BackupCronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/** The backup CronJob, with the agent from the operator's image. */
public class BackupCronJobDependent extends OwnedDependent<CronJob> {
    public BackupCronJobDependent() {
        super(CronJob.class, (instance, context) -> BackupCronJob.desired(instance, AgentImage.of(context),
                RunningTiers.of(context)));
    }
}
