package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.OnDemandBackupJob;
import dev.pistack.loomio.operator.kube.OperatorImage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Reconciles a LoomioBackup: reads the instance, its backup Jobs and this backup's pod, lets {@link BackupProgress}
 * decide, creates the Job when it says so and writes the status. One backup of an instance runs at a time: a
 * LoomioBackup waits (Pending, reason Queued) while a scheduled or on-demand backup Job of the same instance runs or
 * an older LoomioBackup waits, and is looked at again every {@link #WAIT_RECHECK}.
 */
@ControllerConfiguration(name = LoomioBackupReconciler.NAME)
public class LoomioBackupReconciler implements Reconciler<LoomioBackup> {
    /** Controller name, used in configuration keys (quarkus.operator-sdk.controllers.loomiobackup.*). */
    public static final String NAME = "loomiobackup";
    /** How soon a waiting LoomioBackup is looked at again. */
    static final Duration WAIT_RECHECK = Duration.ofSeconds(10);
    /** How often a running backup's progress is read into its status (the agent reports every 5 s). */
    static final Duration PROGRESS_POLL = Duration.ofSeconds(5);
    private static final String JOBS = "backup-jobs";
    private static final String PODS = "backup-pods";
    private static final Logger LOG = Logger.getLogger(LoomioBackupReconciler.class);

    private final Clock clock;
    private final BackupStatusWriter statusWriter;
    private final OperatorImage operatorImage;

    public LoomioBackupReconciler(Clock clock, BackupStatusWriter statusWriter, OperatorImage operatorImage) {
        this.clock = clock;
        this.statusWriter = statusWriter;
        this.operatorImage = operatorImage;
    }

    @Override
    public List<EventSource<?, LoomioBackup>> prepareEventSources(EventSourceContext<LoomioBackup> context) {
        // Every backup Job (scheduled ones too, to queue behind them); only on-demand ones map to a LoomioBackup.
        String backupJobs = Labels.MANAGED_SELECTOR + ",app.kubernetes.io/component=" + BackupCronJob.COMPONENT;
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, LoomioBackup.class)
                        .withName(JOBS)
                        .withLabelSelector(backupJobs)
                        .withSecondaryToPrimaryMapper(LoomioBackupReconciler::named)
                        .build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, LoomioBackup.class)
                        .withName(PODS)
                        .withLabelSelector(Labels.MANAGED_SELECTOR + "," + OnDemandBackupJob.BACKUP_LABEL)
                        .withSecondaryToPrimaryMapper(LoomioBackupReconciler::named)
                        .build(), context));
    }

    @Override
    public UpdateControl<LoomioBackup> reconcile(LoomioBackup backup, Context<LoomioBackup> context) {
        if (backup.getStatus() != null && backup.getStatus().phase() != null && backup.getStatus().phase().finished()) {
            return UpdateControl.noUpdate();
        }
        String namespace = backup.getMetadata().getNamespace();
        String instanceName = backup.getSpec().getInstanceRef().name();
        Optional<LoomioInstance> instance = Optional.ofNullable(context.getClient().resources(LoomioInstance.class)
                .inNamespace(namespace).withName(instanceName).get());
        // Every backup Job of the namespace, not only this backup's own: the scheduled ones are ahead in the queue.
        @SuppressWarnings("unchecked")
        InformerEventSource<Job, LoomioBackup> jobSource = (InformerEventSource<Job, LoomioBackup>) context
                .eventSourceRetriever().getEventSourceFor(Job.class, JOBS);
        List<Job> jobs = jobSource.list(namespace, j -> true).toList();
        // Right after the Job was created the cache may not hold it yet: ask the API server before calling it gone.
        Optional<Job> job = jobs.stream().filter(j -> owns(backup, j)).findFirst()
                .or(() -> running(backup)
                        ? Optional.ofNullable(context.getClient().batch().v1().jobs()
                                .inNamespace(namespace).withName(Names.backupJob(backup)).get())
                                .filter(j -> owns(backup, j))
                        : Optional.empty());
        List<Pod> pods = job.map(j -> context.getSecondaryResourcesAsStream(Pod.class)
                .filter(p -> j.getMetadata().getUid().equals(label(p, "batch.kubernetes.io/controller-uid")))
                .toList()).orElse(List.of());
        // The running agent's progress: its log, the one thing here not watched.
        Optional<ProgressReport> progress = pods.stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .findFirst().flatMap(p -> ProgressLogs.newest(context.getClient(), p,
                        p.getSpec().getContainers().get(0).getName()));
        BackupObserved observed = new BackupObserved(backup, instance, job, pods,
                blockers(backup, jobs, context), progress);
        BackupProgress.Step step = BackupProgress.next(observed, clock.instant());
        if (step.createJob()) {
            LoomioInstance of = instance.orElseThrow();
            Optional<Pod> postgres = Optional.ofNullable(context.getClient().pods().inNamespace(namespace)
                    .withName(Names.postgres(of) + "-0").get());
            create(context, OnDemandBackupJob.desired(backup, of, operatorImage.image(),
                    DatabaseLogin.loomio(DatabaseLogin.rolesIn(postgres))));
        }
        statusWriter.write(backup, step.status(), context);
        if (step.waiting()) {
            return UpdateControl.<LoomioBackup>noUpdate().rescheduleAfter(WAIT_RECHECK);
        }
        return step.status().phase() == BackupPhase.RUNNING
                ? UpdateControl.<LoomioBackup>noUpdate().rescheduleAfter(PROGRESS_POLL)
                : UpdateControl.noUpdate();
    }

    /**
     * @return what runs or waits ahead of this backup for the same instance: unfinished backup Jobs that are not its
     *     own, and LoomioBackups created before it (by creationTimestamp, then name) that are not finished
     */
    private static List<String> blockers(LoomioBackup backup, List<Job> jobs, Context<LoomioBackup> context) {
        String namespace = backup.getMetadata().getNamespace();
        String instance = backup.getSpec().getInstanceRef().name();
        Set<String> ahead = new LinkedHashSet<>();
        jobs.stream()
                .filter(j -> instance.equals(label(j, Labels.INSTANCE)) && !owns(backup, j) && !finished(j))
                .map(j -> "Job " + j.getMetadata().getName())
                .forEach(ahead::add);
        Comparator<LoomioBackup> order = Comparator
                .comparing((LoomioBackup b) -> b.getMetadata().getCreationTimestamp())
                .thenComparing(b -> b.getMetadata().getName());
        context.getPrimaryCache().list(b -> namespace.equals(b.getMetadata().getNamespace())
                && instance.equals(b.getSpec().getInstanceRef().name())
                && !b.getMetadata().getName().equals(backup.getMetadata().getName())
                && (b.getStatus() == null || b.getStatus().phase() == null || !b.getStatus().phase().finished())
                && order.compare(b, backup) < 0)
                .sorted(order)
                .map(b -> "LoomioBackup " + b.getMetadata().getName())
                .forEach(ahead::add);
        return List.copyOf(ahead);
    }

    private static void create(Context<LoomioBackup> context, Job job) {
        try {
            context.getClient().resource(job).create();
            LOG.infof("started backup Job %s/%s", job.getMetadata().getNamespace(), job.getMetadata().getName());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // Created by an earlier reconcile whose status write did not land: the next reconcile sees it.
        }
    }

    private static boolean running(LoomioBackup b) {
        return b.getStatus() != null && b.getStatus().phase() == BackupPhase.RUNNING;
    }

    private static boolean owns(LoomioBackup b, Job j) {
        return j.getMetadata().getOwnerReferences() != null && j.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> Objects.equals(o.getUid(), b.getMetadata().getUid()));
    }

    private static boolean finished(Job j) {
        return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
    }

    private static String label(HasMetadata o, String key) {
        Map<String, String> labels = o.getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    private static Set<ResourceID> named(HasMetadata o) {
        String backup = label(o, OnDemandBackupJob.BACKUP_LABEL);
        return backup == null ? Set.of() : Set.of(new ResourceID(backup, o.getMetadata().getNamespace()));
    }
}
