package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import dev.pistack.loomio.operator.desired.RestoreTestCronJob;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.Cache;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One informer per child kind, shared by every dependent of that kind ({@code @Dependent(useEventSourceWithName)}),
 * so each object is cached once. Every informer watches only objects labelled
 * {@value Labels#MANAGED_SELECTOR}, in the controller's namespaces. Children with an owner reference map back to
 * their instance through it; the credentials Secret and the uploads and backup PVCs, which outlive the instance and so carry no
 * owner reference, through the SDK's primary-name/namespace annotations.
 */
public final class ChildEventSources {
    public static final String SECRETS = "secrets";
    public static final String PERSISTENT_VOLUME_CLAIMS = "persistentvolumeclaims";
    public static final String STATEFUL_SETS = "statefulsets";
    public static final String SERVICES = "services";
    public static final String DEPLOYMENTS = "deployments";
    public static final String JOBS = "jobs";
    public static final String CRON_JOBS = "cronjobs";
    public static final String INGRESSES = "ingresses";
    public static final String CONFIG_MAPS = "configmaps";
    public static final String DISRUPTION_BUDGETS = "poddisruptionbudgets";
    public static final String NETWORK_POLICIES = "networkpolicies";
    /**
     * Only the pods the operator reads: Postgres (restore, memory), Redis (memory), backup and restore-test Jobs
     * (results).
     */
    public static final String PODS = "pods";
    /** The users' LoomioRestores, mapped to the instance they name (spec.instanceRef); not children. */
    public static final String RESTORES = "loomiorestores";
    private static final String REPORTING_PODS = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + " in ("
            + PostgresStatefulSet.COMPONENT + "," + RedisStatefulSet.COMPONENT + "," + BackupCronJob.COMPONENT + ","
            + RestoreTestCronJob.COMPONENT + ")";

    private ChildEventSources() {
    }

    /** @return the thirteen informers, named by the constants of this class */
    public static List<EventSource<?, LoomioInstance>> all(EventSourceContext<LoomioInstance> context) {
        return List.of(
                notOwned(Secret.class, SECRETS, context),
                notOwned(PersistentVolumeClaim.class, PERSISTENT_VOLUME_CLAIMS, context),
                owned(StatefulSet.class, STATEFUL_SETS, context),
                owned(Service.class, SERVICES, context),
                owned(Deployment.class, DEPLOYMENTS, context),
                owned(Job.class, JOBS, context),
                owned(CronJob.class, CRON_JOBS, context),
                owned(Ingress.class, INGRESSES, context),
                owned(ConfigMap.class, CONFIG_MAPS, context),
                owned(PodDisruptionBudget.class, DISRUPTION_BUDGETS, context),
                owned(NetworkPolicy.class, NETWORK_POLICIES, context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, LoomioInstance.class)
                        .withName(PODS)
                        .withLabelSelector(REPORTING_PODS)
                        .withSecondaryToPrimaryMapper(ChildEventSources::instanceOfPod)
                        .build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(LoomioRestore.class,
                        LoomioInstance.class)
                        .withName(RESTORES)
                        .withSecondaryToPrimaryMapper(ChildEventSources::instanceOfRestore)
                        .build(), context));
    }

    /** @return the cached LoomioRestores that name the instance (no API call), in no particular order */
    public static List<LoomioRestore> restores(Context<LoomioInstance> context) {
        @SuppressWarnings("unchecked")
        Cache<LoomioRestore> cache = (Cache<LoomioRestore>) context.eventSourceRetriever()
                .getEventSourceFor(LoomioRestore.class, RESTORES);
        LoomioInstance instance = context.getPrimaryResource();
        String namespace = instance.getMetadata().getNamespace();
        return cache.list(r -> namespace.equals(r.getMetadata().getNamespace()) && r.getSpec() != null
                && r.getSpec().getInstanceRef() != null
                && instance.getMetadata().getName().equals(r.getSpec().getInstanceRef().name())).toList();
    }

    private static Set<ResourceID> instanceOfRestore(LoomioRestore restore) {
        return restore.getSpec() == null || restore.getSpec().getInstanceRef() == null
                ? Set.of()
                : Set.of(new ResourceID(restore.getSpec().getInstanceRef().name(),
                        restore.getMetadata().getNamespace()));
    }

    /**
     * Reads one child from its kind's informer cache (no API call).
     *
     * @param source one of the names above, matching {@code type}
     * @return the child of that name in the instance's namespace, if the cache holds it and it is the current
     *         instance's ({@link CurrentOwner}): a terminating left-over of a deleted instance of the same name is not
     */
    public static <R extends HasMetadata> Optional<R> get(Context<LoomioInstance> context, Class<R> type, String source,
            String name) {
        return cached(context, type, source, name).filter(child -> CurrentOwner.isCurrent(child,
                context.getPrimaryResource().getMetadata().getUid(),
                statefulSet -> cached(context, StatefulSet.class, STATEFUL_SETS, statefulSet)));
    }

    private static <R extends HasMetadata> Optional<R> cached(Context<LoomioInstance> context, Class<R> type,
            String source, String name) {
        // Every source of ChildEventSources is an informer, and so a cache that can be read by name.
        @SuppressWarnings("unchecked")
        Cache<R> cache = (Cache<R>) context.eventSourceRetriever().getEventSourceFor(type, source);
        return cache.get(new ResourceID(name, context.getPrimaryResource().getMetadata().getNamespace()));
    }

    /** @return the cached pods of the instance's namespace that carry all these labels (no API call) */
    public static List<Pod> pods(Context<LoomioInstance> context, Map<String, String> labels) {
        @SuppressWarnings("unchecked")
        Cache<Pod> cache = (Cache<Pod>) context.eventSourceRetriever().getEventSourceFor(Pod.class, PODS);
        String namespace = context.getPrimaryResource().getMetadata().getNamespace();
        return cache.list(p -> namespace.equals(p.getMetadata().getNamespace())
                && p.getMetadata().getLabels() != null
                && p.getMetadata().getLabels().entrySet().containsAll(labels.entrySet()))
                .toList();
    }

    /** Pods are owned by StatefulSets and Jobs, not the instance: they name it in their instance label. */
    private static Set<ResourceID> instanceOfPod(Pod pod) {
        String instance = pod.getMetadata().getLabels() == null
                ? null
                : pod.getMetadata().getLabels().get(Labels.INSTANCE);
        return instance == null ? Set.of() : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
    }

    private static <R extends HasMetadata> EventSource<R, LoomioInstance> owned(
            Class<R> type, String name, EventSourceContext<LoomioInstance> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, LoomioInstance.class)
                .withName(name)
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .build(), context);
    }

    private static <R extends HasMetadata> EventSource<R, LoomioInstance> notOwned(
            Class<R> type, String name, EventSourceContext<LoomioInstance> context) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, LoomioInstance.class)
                .withName(name)
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromDefaultAnnotations(LoomioInstance.class))
                .build(), context);
    }
}
