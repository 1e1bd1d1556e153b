package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.operator.backup.BackupHealth;
import dev.pistack.loomio.operator.backup.BackupResults;
import dev.pistack.loomio.operator.backup.CredentialsRecovery;
import dev.pistack.loomio.operator.dependent.BackupCronJobDependent;
import dev.pistack.loomio.operator.dependent.BackupEnabled;
import dev.pistack.loomio.operator.dependent.BackupPvcDependent;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.dependent.CredentialsSecretDependent;
import dev.pistack.loomio.operator.dependent.DataTierPresent;
import dev.pistack.loomio.operator.dependent.DeploymentDependents;
import dev.pistack.loomio.operator.dependent.IngressDependent;
import dev.pistack.loomio.operator.dependent.IngressEnabled;
import dev.pistack.loomio.operator.dependent.LocalBackupEnabled;
import dev.pistack.loomio.operator.dependent.MigrationAllowed;
import dev.pistack.loomio.operator.dependent.MigrationJobDependent;
import dev.pistack.loomio.operator.dependent.NetworkPoliciesEnabled;
import dev.pistack.loomio.operator.dependent.NetworkPolicyDependents;
import dev.pistack.loomio.operator.dependent.PostgresDisruptionBudgetDependent;
import dev.pistack.loomio.operator.dependent.RamMode;
import dev.pistack.loomio.operator.dependent.RestoreConfigMapDependent;
import dev.pistack.loomio.operator.dependent.RestoreTestCronJobDependent;
import dev.pistack.loomio.operator.dependent.RestoreTestEnabled;
import dev.pistack.loomio.operator.dependent.ServiceDependents;
import dev.pistack.loomio.operator.dependent.StatefulSetDependents;
import dev.pistack.loomio.operator.dependent.UploadsPvcDependent;
import dev.pistack.loomio.operator.dependent.WorkflowInputs;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.DataStatefulSet;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.UploadsRestoreJob;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import dev.pistack.loomio.operator.kube.OperatorImage;
import dev.pistack.loomio.operator.kube.Problem;
import dev.pistack.loomio.operator.lifecycle.FinalBackup;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import dev.pistack.loomio.operator.lifecycle.PlannedStopObserver;
import dev.pistack.loomio.operator.lifecycle.PostgresPod;
import dev.pistack.loomio.operator.memory.MemorySampler;
import dev.pistack.loomio.operator.memory.MemoryTargets;
import dev.pistack.loomio.operator.metrics.InstanceGauges;
import dev.pistack.loomio.operator.upgrade.MigrationProblems;
import dev.pistack.loomio.operator.upgrade.PreUpgradeBackup;
import dev.pistack.loomio.operator.upgrade.Releases;
import dev.pistack.loomio.operator.upgrade.StaleMigrationJobs;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reconciles a LoomioInstance: a brand-new instance first gets a status (Reconciling), then the managed workflow
 * applies every child (server-side apply, owner references), then this class turns what it observes into status
 * conditions and Events. When a child cannot be applied the SDK retries with backoff and {@link #updateErrorStatus}
 * reports each failed child in the Stalled condition. It holds no condition logic itself ({@link StatusCalculator}
 * does) and writes the status only when it changed ({@link StatusWriter}).
 */
@ControllerConfiguration(name = LoomioInstanceReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
@Workflow(explicitInvocation = true, dependents = {
    @Dependent(name = "credentials", type = CredentialsSecretDependent.class,
            useEventSourceWithName = ChildEventSources.SECRETS),
    @Dependent(name = "uploads", type = UploadsPvcDependent.class,
            useEventSourceWithName = ChildEventSources.PERSISTENT_VOLUME_CLAIMS),
    @Dependent(name = "postgres", type = StatefulSetDependents.Postgres.class, dependsOn = "credentials",
            reconcilePrecondition = DataTierPresent.class,
            useEventSourceWithName = ChildEventSources.STATEFUL_SETS),
    @Dependent(name = "postgres-disruption-budget", type = PostgresDisruptionBudgetDependent.class,
            reconcilePrecondition = RamMode.class, useEventSourceWithName = ChildEventSources.DISRUPTION_BUDGETS),
    @Dependent(name = "postgres-service", type = ServiceDependents.Postgres.class,
            useEventSourceWithName = ChildEventSources.SERVICES),
    @Dependent(name = "redis", type = StatefulSetDependents.Redis.class,
            reconcilePrecondition = DataTierPresent.class,
            useEventSourceWithName = ChildEventSources.STATEFUL_SETS),
    @Dependent(name = "redis-service", type = ServiceDependents.Redis.class,
            useEventSourceWithName = ChildEventSources.SERVICES),
    @Dependent(name = "db-migrate", type = MigrationJobDependent.class, dependsOn = "credentials",
            reconcilePrecondition = MigrationAllowed.class, useEventSourceWithName = ChildEventSources.JOBS),
    @Dependent(name = "app", type = DeploymentDependents.App.class, dependsOn = "credentials",
            useEventSourceWithName = ChildEventSources.DEPLOYMENTS),
    @Dependent(name = "app-service", type = ServiceDependents.App.class,
            useEventSourceWithName = ChildEventSources.SERVICES),
    @Dependent(name = "worker", type = DeploymentDependents.Worker.class, dependsOn = "credentials",
            useEventSourceWithName = ChildEventSources.DEPLOYMENTS),
    @Dependent(name = "hocuspocus", type = DeploymentDependents.Hocuspocus.class,
            useEventSourceWithName = ChildEventSources.DEPLOYMENTS),
    @Dependent(name = "hocuspocus-service", type = ServiceDependents.Hocuspocus.class,
            useEventSourceWithName = ChildEventSources.SERVICES),
    @Dependent(name = "restore-rule", type = RestoreConfigMapDependent.class,
            reconcilePrecondition = BackupEnabled.class,
            useEventSourceWithName = ChildEventSources.CONFIG_MAPS),
    @Dependent(name = "backups", type = BackupPvcDependent.class, reconcilePrecondition = LocalBackupEnabled.class,
            useEventSourceWithName = ChildEventSources.PERSISTENT_VOLUME_CLAIMS),
    @Dependent(name = "backup", type = BackupCronJobDependent.class, dependsOn = "credentials",
            reconcilePrecondition = BackupEnabled.class, useEventSourceWithName = ChildEventSources.CRON_JOBS),
    @Dependent(name = "restore-test", type = RestoreTestCronJobDependent.class, dependsOn = "credentials",
            reconcilePrecondition = RestoreTestEnabled.class, useEventSourceWithName = ChildEventSources.CRON_JOBS),
    @Dependent(name = "ingress", type = IngressDependent.class, reconcilePrecondition = IngressEnabled.class,
            useEventSourceWithName = ChildEventSources.INGRESSES),
    @Dependent(name = "deny-ingress", type = NetworkPolicyDependents.DenyIngress.class,
            reconcilePrecondition = NetworkPoliciesEnabled.class,
            useEventSourceWithName = ChildEventSources.NETWORK_POLICIES),
    @Dependent(name = "postgres-network-policy", type = NetworkPolicyDependents.Postgres.class,
            reconcilePrecondition = NetworkPoliciesEnabled.class,
            useEventSourceWithName = ChildEventSources.NETWORK_POLICIES),
    @Dependent(name = "redis-network-policy", type = NetworkPolicyDependents.Redis.class,
            reconcilePrecondition = NetworkPoliciesEnabled.class,
            useEventSourceWithName = ChildEventSources.NETWORK_POLICIES),
    @Dependent(name = "web-network-policy", type = NetworkPolicyDependents.Web.class,
            reconcilePrecondition = NetworkPoliciesEnabled.class,
            useEventSourceWithName = ChildEventSources.NETWORK_POLICIES),
    @Dependent(name = "loomio-egress", type = NetworkPolicyDependents.LoomioEgress.class,
            reconcilePrecondition = NetworkPoliciesEnabled.class,
            useEventSourceWithName = ChildEventSources.NETWORK_POLICIES),
})
public class LoomioInstanceReconciler implements Reconciler<LoomioInstance>, Cleaner<LoomioInstance> {
    /** Controller name, used in configuration keys (quarkus.operator-sdk.controllers.loomioinstance.*). */
    public static final String NAME = "loomioinstance";
    private static final Logger LOG = Logger.getLogger(LoomioInstanceReconciler.class);
    /** How soon a planned stop under way (hibernation, restart, switch) is looked at again. */
    static final Duration PLANNED_STOP_POLL = Duration.ofSeconds(5);
    /** How often a running restore's progress is read into DatabaseReady's message (the agent reports every 5 s). */
    static final Duration RESTORE_PROGRESS_POLL = Duration.ofSeconds(5);

    private final Clock clock;
    private final StatusWriter statusWriter;
    private final ReferenceChecks referenceChecks;
    private final Duration blockedRetry;
    private final OperatorImage operatorImage;
    private final Optional<String> operatorNamespace;
    private final MemorySampler memorySampler;
    private final InstanceGauges gauges;
    private final FinalBackupCleaner finalBackup;
    private final EventRecorder events;

    /**
     * @param blockedRetry how soon a blocked instance is looked at again, for problems no watch event announces
     *     (a missing SMTP Secret is not watched); property loomio.operator.blocked-retry, default 30s
     * @param operatorImage the backup agent's image, for the CronJob and the restore init container
     * @param operatorNamespace the operator pod's namespace (property loomio.operator.namespace, from POD_NAMESPACE),
     *     which the NetworkPolicies let reach the data tier; empty outside the cluster
     * @param memorySampler samples RAM-mode instances; each reconcile tells it what to sample
     * @param gauges the per-instance Prometheus gauges, fed with every computed status
     * @param finalBackup the finalizer's work on delete
     * @param events records the Events of planned stops
     */
    public LoomioInstanceReconciler(Clock clock, StatusWriter statusWriter, ReferenceChecks referenceChecks,
            @ConfigProperty(name = "loomio.operator.blocked-retry", defaultValue = "30s") Duration blockedRetry,
            OperatorImage operatorImage,
            @ConfigProperty(name = "loomio.operator.namespace") Optional<String> operatorNamespace,
            MemorySampler memorySampler, InstanceGauges gauges, FinalBackupCleaner finalBackup,
            EventRecorder events) {
        this.clock = clock;
        this.statusWriter = statusWriter;
        this.referenceChecks = referenceChecks;
        this.blockedRetry = blockedRetry;
        this.operatorImage = operatorImage;
        this.operatorNamespace = operatorNamespace.filter(n -> !n.isBlank());
        this.memorySampler = memorySampler;
        this.gauges = gauges;
        this.finalBackup = finalBackup;
        this.events = events;
    }

    /**
     * A recovery or a new install: decided only for an instance with backups whose credentials Secret exists neither
     * in the cache nor on the API server (asked again, so a cache that lags never triggers it).
     *
     * @return empty when there is nothing to decide (the Secret exists, or the instance has no backups)
     */
    private static Optional<CredentialsRecovery.Decision> credentialsToCreate(LoomioInstance instance,
            Context<LoomioInstance> context) {
        if (!BackupAgent.enabled(instance)
                || ChildEventSources.get(context, Secret.class, ChildEventSources.SECRETS,
                        Names.credentialsSecret(instance)).isPresent()
                || context.getClient().secrets().inNamespace(instance.getMetadata().getNamespace())
                        .withName(Names.credentialsSecret(instance)).get() != null) {
            return Optional.empty();
        }
        return Optional.of(CredentialsRecovery.decide(instance, context.getClient()));
    }

    /** Deleting an instance: a final backup first ({@link FinalBackup}), then the SDK removes the finalizer. */
    @Override
    public DeleteControl cleanup(LoomioInstance instance, Context<LoomioInstance> context) {
        return finalBackup.cleanup(instance, context);
    }

    @Override
    public List<EventSource<?, LoomioInstance>> prepareEventSources(EventSourceContext<LoomioInstance> context) {
        List<EventSource<?, LoomioInstance>> sources = new ArrayList<>(ChildEventSources.all(context));
        sources.add(memorySampler.source(gauges::forget));
        return sources;
    }

    @Override
    public UpdateControl<LoomioInstance> reconcile(LoomioInstance instance, Context<LoomioInstance> context) {
        LOG.debugf("reconciling %s/%s generation %d", instance.getMetadata().getNamespace(),
                instance.getMetadata().getName(), instance.getMetadata().getGeneration());
        LoomioInstance observedInstance = instance;
        List<LoomioRestore> restores = ChildEventSources.restores(context);
        PlannedStop.Plan stop = PlannedStop.plan(instance,
                ChildEventSources.get(context, StatefulSet.class, ChildEventSources.STATEFUL_SETS,
                        Names.postgres(instance)).map(DataStatefulSet::environmentOf),
                RestoreRequests.active(instance, restores),
                backup -> PlannedStopObserver.observe(observedInstance, backup,
                        RestoreRequests.report(observedInstance, PostgresPod.of(observedInstance, context)), context),
                clock.instant());
        // A status never written deserializes as an empty one (initStatus): observedGeneration tells them apart.
        if (instance.getStatus() == null || instance.getStatus().getObservedGeneration() == null) {
            // kstatus (Flux, Helm 4 --wait) calls an object without any status Current, i.e. healthy: say
            // Reconciling, with observedGeneration, before the first child is applied.
            instance = statusWriter.write(instance, stop.record(StatusCalculator.compute(instance,
                    ObservedReader.read(instance, context), stop.view(), List.of(), clock.instant())),
                    context);
        }
        LoomioInstance upgrading = instance;
        PreUpgradeBackup.Plan upgrade = PreUpgradeBackup.plan(upgrading, stop.tiers().app(),
                context.getSecondaryResources(Job.class),
                name -> Optional.ofNullable(context.getClient().resources(LoomioBackup.class)
                        .inNamespace(upgrading.getMetadata().getNamespace()).withName(name).get()));
        Optional<ReleaseStatus> migrated = Releases.observe(instance, context.getSecondaryResources(Job.class),
                job -> context.getClient().pods().inNamespace(upgrading.getMetadata().getNamespace())
                        .withLabel(Labels.JOB_NAME, job).list().getItems());
        ReleaseStatus release = migrated.orElse(Releases.current(instance));
        Optional<CredentialsRecovery.Decision> credentials = credentialsToCreate(instance, context);
        WorkflowInputs.put(context, new WorkflowInputs(operatorImage.image(), stop.tiers(),
                Releases.image(instance, release), upgrade.migrationAllowed(), operatorNamespace.orElse(null),
                DatabaseLogin.loomio(DatabaseLogin.rolesIn(PostgresPod.of(instance, context))),
                BackupResults.newestKnown(instance.getStatus() == null ? null : instance.getStatus().getBackup())
                        .orElse(null),
                stop.choice(),
                credentials.map(CredentialsRecovery.Decision::data).orElse(null)));
        if (credentials.map(CredentialsRecovery.Decision::decided).orElse(true)) {
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        }
        LoomioInstance announced = instance;
        credentials.ifPresent(d -> events.record(announced, d.decided() ? EventType.NORMAL : EventType.WARNING,
                d.reason(), d.data() != null
                        ? "Secret " + Names.credentialsSecret(announced) + " " + d.message()
                        : d.message()));
        stop.create().ifPresent(backup -> create(context, backup));
        if (stop.startUploadsJob()) {
            RestoreRequestStatus restoring = stop.records().restoreRequest();
            create(context, UploadsRestoreJob.desired(instance, restoring.name(), restoring.restoredBackup(),
                    restoring.sourceInstance(), operatorImage.image()));
        }
        upgrade.create().ifPresent(backup -> {
            create(context, backup);
            events.record(upgrading, EventType.NORMAL, ConditionReason.BACKING_UP_BEFORE_UPGRADE, "backing up before"
                    + " the migration to " + upgrading.getSpec().getImage() + ": LoomioBackup "
                    + backup.getMetadata().getName());
        });
        if (stop.deleteDataClaims()) {
            deleteDataClaims(context, instance);
        }
        Set<Job> jobs = context.getSecondaryResources(Job.class);
        StaleMigrationJobs.delete(context.getClient(), StaleMigrationJobs.stale(instance, jobs));
        RetiredChildren.delete(context.getClient(), RetiredChildren.of(instance, context));
        List<Problem> problems = new ArrayList<>(referenceChecks.problems(instance, context.getClient()));
        problems.addAll(MigrationProblems.of(instance, jobs));
        upgrade.problem().ifPresent(problems::add);
        credentials.filter(d -> !d.decided())
                .ifPresent(d -> problems.add(new Problem(ConditionReason.CREDENTIALS_RECOVERY_FAILED, d.message())));
        Instant now = clock.instant();
        LoomioInstanceStatus status = stop.record(StatusCalculator.compute(instance,
                ObservedReader.read(instance, context), stop.view(), problems, now));
        status.setRelease(release);
        LoomioInstance written = statusWriter.write(instance, status, context);
        migrated.ifPresent(r -> events.record(written, EventType.NORMAL, ConditionReason.MIGRATED,
                Releases.migrated(r)));
        TransitionEvents.plannedStop(events, written, instance.getStatus(), stop);
        for (LoomioRestore r : RestoreRequests.statuses(written, restores, status.getRestoreRequest(), stop)) {
            context.getClient().resources(LoomioRestore.class).inNamespace(r.getMetadata().getNamespace())
                    .withName(r.getMetadata().getName()).editStatus(current -> {
                        current.setStatus(r.getStatus());
                        return current;
                    });
        }
        gauges.record(written, status);
        MemoryTargets.update(memorySampler.source(gauges::forget), written, stop.tiers().data(), context);
        // Backup age turns BackupHealthy False with nothing else happening: look again when it crosses a threshold.
        Optional<Duration> recheck = BackupHealth.evaluate(instance, status.getBackup(), now)
                .flatMap(BackupHealth.Health::recheckAt).map(at -> Duration.between(now, at));
        if (!problems.isEmpty() || stop.step() == PlannedStop.Step.BLOCKED) {
            recheck = Optional.of(recheck.filter(d -> d.compareTo(blockedRetry) < 0).orElse(blockedRetry));
        }
        if (Conditions.find(status.getConditions(), ConditionType.DATABASE_READY)
                .filter(c -> ConditionReason.RESTORING.value().equals(c.getReason())).isPresent()) {
            // A restore's progress is in its container's log, which nothing watches: read it again soon.
            recheck = Optional.of(recheck.filter(d -> d.compareTo(RESTORE_PROGRESS_POLL) < 0)
                    .orElse(RESTORE_PROGRESS_POLL));
        }
        if (stop.inTransition() || upgrade.state() == PreUpgradeBackup.State.BACKING_UP) {
            // Pods terminating and a LoomioBackup completing are not all watched here: look again soon.
            recheck = Optional.of(PLANNED_STOP_POLL);
        }
        return recheck.map(d -> UpdateControl.<LoomioInstance>noUpdate().rescheduleAfter(d))
                .orElseGet(UpdateControl::noUpdate);
    }

    @Override
    public ErrorStatusUpdateControl<LoomioInstance> updateErrorStatus(LoomioInstance instance,
            Context<LoomioInstance> context, Exception e) {
        if (!onlyConflicts(e)) {
            // A conflict is a race with another writer or with the informer cache (e.g. a child deleted a moment
            // ago): the retry settles it, so it is not a problem to show the user.
            // The stop's records are kept as they are: this reconcile decided nothing new.
            LoomioInstanceStatus status = StatusCalculator.compute(instance, ObservedReader.read(instance, context),
                    Optional.empty(), problems(e), clock.instant());
            if (instance.getStatus() != null) {
                status.setHibernation(instance.getStatus().getHibernation());
                status.setRestart(instance.getStatus().getRestart());
                status.setEnvironmentSwitch(instance.getStatus().getEnvironmentSwitch());
                status.setRestoreRequest(instance.getStatus().getRestoreRequest());
                status.setRelease(instance.getStatus().getRelease());
            }
            statusWriter.write(instance, status, context);
        }
        return ErrorStatusUpdateControl.noStatusUpdate();
    }

    /** Creates the planned stop's LoomioBackup or Job; one that exists already (a repeated reconcile) is kept. */
    private static void create(Context<LoomioInstance> context, HasMetadata child) {
        try {
            context.getClient().resource(child).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * A switch replaces the data tier: its development PVCs go too (their data is in the switch's final backup), so
     * a later switch back to development starts from an empty volume and restores instead of reading stale data.
     */
    private static void deleteDataClaims(Context<LoomioInstance> context, LoomioInstance instance) {
        for (String sts : List.of(Names.postgres(instance), Names.redis(instance))) {
            context.getClient().persistentVolumeClaims().inNamespace(instance.getMetadata().getNamespace())
                    .withName(DataStatefulSet.claimName(sts)).delete();
        }
    }

    /** @return true when every failure is an optimistic-concurrency conflict (HTTP 409) */
    public static boolean onlyConflicts(Exception e) {
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
    public static List<Problem> problems(Exception e) {
        AggregatedOperatorException aggregated = aggregated(e);
        if (aggregated != null) {
            return aggregated.getAggregatedExceptions().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(failed -> Problem.childFailed(failed.getKey(), failed.getValue()))
                    .toList();
        }
        return List.of(Problem.childFailed("the instance", e));
    }

}
