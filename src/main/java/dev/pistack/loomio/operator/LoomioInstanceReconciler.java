package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.dependent.AppDeploymentDependent;
import dev.pistack.loomio.operator.dependent.AppServiceDependent;
import dev.pistack.loomio.operator.dependent.ChannelsDeploymentDependent;
import dev.pistack.loomio.operator.dependent.ChannelsServiceDependent;
import dev.pistack.loomio.operator.dependent.CredentialsSecretDependent;
import dev.pistack.loomio.operator.dependent.HocuspocusDeploymentDependent;
import dev.pistack.loomio.operator.dependent.HocuspocusServiceDependent;
import dev.pistack.loomio.operator.dependent.HourlyTasksCronJobDependent;
import dev.pistack.loomio.operator.dependent.IngressDependent;
import dev.pistack.loomio.operator.dependent.IngressEnabled;
import dev.pistack.loomio.operator.dependent.MigrationJobDependent;
import dev.pistack.loomio.operator.dependent.PostgresServiceDependent;
import dev.pistack.loomio.operator.dependent.PostgresStatefulSetDependent;
import dev.pistack.loomio.operator.dependent.RedisServiceDependent;
import dev.pistack.loomio.operator.dependent.RedisStatefulSetDependent;
import dev.pistack.loomio.operator.dependent.UploadsPvcDependent;
import dev.pistack.loomio.operator.dependent.WorkerDeploymentDependent;
import dev.pistack.loomio.operator.status.Problem;
import dev.pistack.loomio.operator.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reconciles a LoomioInstance: the managed workflow applies every child (server-side apply, owner references),
 * then this class turns what it observes into status conditions and Events. When a child cannot be applied the
 * SDK retries with backoff and {@link #updateErrorStatus} reports each failed child in the Stalled condition. It
 * holds no condition logic itself ({@link StatusCalculator} does) and writes the status only when it changed.
 */
@ControllerConfiguration(name = LoomioInstanceReconciler.NAME)
@Workflow(dependents = {
    @Dependent(name = "credentials", type = CredentialsSecretDependent.class),
    @Dependent(name = "uploads", type = UploadsPvcDependent.class),
    @Dependent(name = "postgres", type = PostgresStatefulSetDependent.class, dependsOn = "credentials"),
    @Dependent(name = "postgres-service", type = PostgresServiceDependent.class),
    @Dependent(name = "redis", type = RedisStatefulSetDependent.class),
    @Dependent(name = "redis-service", type = RedisServiceDependent.class),
    @Dependent(name = "db-migrate", type = MigrationJobDependent.class, dependsOn = "credentials"),
    @Dependent(name = "app", type = AppDeploymentDependent.class, dependsOn = "credentials"),
    @Dependent(name = "app-service", type = AppServiceDependent.class),
    @Dependent(name = "worker", type = WorkerDeploymentDependent.class, dependsOn = "credentials"),
    @Dependent(name = "channels", type = ChannelsDeploymentDependent.class),
    @Dependent(name = "channels-service", type = ChannelsServiceDependent.class),
    @Dependent(name = "hocuspocus", type = HocuspocusDeploymentDependent.class),
    @Dependent(name = "hocuspocus-service", type = HocuspocusServiceDependent.class),
    @Dependent(name = "hourly-tasks", type = HourlyTasksCronJobDependent.class, dependsOn = "credentials"),
    @Dependent(name = "ingress", type = IngressDependent.class, reconcilePrecondition = IngressEnabled.class),
})
public class LoomioInstanceReconciler implements Reconciler<LoomioInstance> {
    /** Controller name, used in configuration keys (quarkus.operator-sdk.controllers.loomioinstance.*). */
    public static final String NAME = "loomioinstance";

    private final Clock clock;
    private final EventRecorder events;
    private final ReferenceChecks referenceChecks;
    private final Duration blockedRetry;

    /**
     * @param blockedRetry how soon a blocked instance is looked at again, for problems no watch event announces
     *     (a missing SMTP Secret is not watched); property loomio.operator.blocked-retry, default 30s
     */
    public LoomioInstanceReconciler(Clock clock, EventRecorder events, ReferenceChecks referenceChecks,
                                    @ConfigProperty(name = "loomio.operator.blocked-retry", defaultValue = "30s")
                                    Duration blockedRetry) {
        this.clock = clock;
        this.events = events;
        this.referenceChecks = referenceChecks;
        this.blockedRetry = blockedRetry;
    }

    @Override
    public UpdateControl<LoomioInstance> reconcile(LoomioInstance instance, Context<LoomioInstance> context) {
        StaleMigrationJobs.delete(context.getClient(),
                StaleMigrationJobs.stale(instance, context.getSecondaryResources(Job.class)));
        List<Problem> problems = referenceChecks.problems(instance, context.getClient());
        LoomioInstanceStatus next = StatusCalculator.compute(instance, ObservedReader.read(instance, context),
                problems, clock.instant());
        UpdateControl<LoomioInstance> control = changeStatus(instance, next) ? UpdateControl.patchStatus(instance)
                : UpdateControl.noUpdate();
        return problems.isEmpty() ? control : control.rescheduleAfter(blockedRetry);
    }

    @Override
    public ErrorStatusUpdateControl<LoomioInstance> updateErrorStatus(LoomioInstance instance,
                                                                      Context<LoomioInstance> context, Exception e) {
        if (onlyConflicts(e)) {
            // A race with another writer or with the informer cache (e.g. a child deleted a moment ago): the retry
            // settles it, so it is not a problem to show the user.
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        LoomioInstanceStatus next = StatusCalculator.compute(instance, ObservedReader.read(instance, context),
                problems(e), clock.instant());
        return changeStatus(instance, next) ? ErrorStatusUpdateControl.patchStatus(instance)
                : ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** @return true when every failure is an optimistic-concurrency conflict (HTTP 409) */
    static boolean onlyConflicts(Exception e) {
        AggregatedOperatorException aggregated = aggregated(e);
        if (aggregated != null) {
            return aggregated.getAggregatedExceptions().values().stream().allMatch(LoomioInstanceReconciler::conflict);
        }
        return conflict(e);
    }

    private static boolean conflict(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof KubernetesClientException k && k.getCode() == 409) {
                return true;
            }
        }
        return false;
    }

    private static AggregatedOperatorException aggregated(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof AggregatedOperatorException a) {
                return a;
            }
        }
        return null;
    }

    /** One problem per failed child when the workflow aggregated them, else one for the whole reconcile. */
    static List<Problem> problems(Exception e) {
        AggregatedOperatorException aggregated = aggregated(e);
        if (aggregated != null) {
            return aggregated.getAggregatedExceptions().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(failed -> Problem.childFailed(failed.getKey(), failed.getValue()))
                    .toList();
        }
        return List.of(Problem.childFailed("the instance", e));
    }

    /** Sets the new status and records its transitions; false when nothing changed, so nothing is written. */
    private boolean changeStatus(LoomioInstance instance, LoomioInstanceStatus next) {
        if (Objects.equals(next, instance.getStatus())) {
            return false;
        }
        TransitionEvents.record(events, instance, instance.getStatus(), next);
        instance.setStatus(next);
        return true;
    }
}
