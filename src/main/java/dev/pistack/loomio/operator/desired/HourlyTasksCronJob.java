package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;

/** Desired CronJob for Loomio's hourly tasks ({@code rake loomio:hourly_tasks}, at minute 0 as loomio-deploy's crontab). */
public final class HourlyTasksCronJob {
    public static final String COMPONENT = "hourly-tasks";
    public static final String SCHEDULE = "0 * * * *";

    private HourlyTasksCronJob() {
    }

    public static CronJob desired(LoomioInstance i, Tiers tiers) {
        Container task = RailsPod.container(i, "hourly-tasks", RailsPod.WORKER_DEFAULTS)
                .withArgs("bundle", "exec", "rake", "loomio:hourly_tasks")
                .withVolumeMounts(RailsPod.uploadsMounts())
                .build();
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(Names.hourlyTasks(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .endMetadata()
                .withNewSpec()
                .withSchedule(SCHEDULE)
                .withSuspend(!tiers.schedules())
                .withTimeZone("Etc/UTC")
                // Forbid: a slow run must not overlap the next one on a Pi's RAM.
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(600L)
                .withSuccessfulJobsHistoryLimit(1)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(Labels.of(i, COMPONENT)).endMetadata()
                .withNewSpec()
                .withBackoffLimit(2)
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(i, COMPONENT)).endMetadata()
                .withSpec(RailsPod.podSpec(i).withRestartPolicy("OnFailure").withContainers(task).build())
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }
}
