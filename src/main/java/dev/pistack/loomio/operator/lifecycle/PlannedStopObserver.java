package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.DataStatefulSet;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import dev.pistack.loomio.operator.desired.UploadsRestoreJob;
import dev.pistack.loomio.operator.memory.PostgresFill;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Reads what {@link PlannedStop} decides on. Only asked while the instance hibernates, restarts, switches or restores a
 * chosen backup; then it lists the
 * instance's pods and reads the hibernation's LoomioBackup from the API server (neither is in an informer cache: the
 * pods informer holds database and backup pods only), one list and one get per reconcile.
 */
public final class PlannedStopObserver {
    private static final Set<String> APP_TIER = Set.of(AppDeployments.APP, AppDeployments.WORKER,
            AppDeployments.HOCUSPOCUS);
    private static final Set<String> DATA_TIER = Set.of(PostgresStatefulSet.COMPONENT, RedisStatefulSet.COMPONENT);

    private static final Logger LOG = Logger.getLogger(PlannedStopObserver.class);

    private PlannedStopObserver() {
    }

    /**
     * @return true when no pod of the instance's app, worker or hocuspocus exists, terminating ones included (a
     *     terminating pod may still write); read from the API server, not a cache
     */
    public static boolean appPodsGone(LoomioInstance instance, KubernetesClient client) {
        return podComponents(instance, client).stream().noneMatch(APP_TIER::contains);
    }

    /** @return the components (app, worker, postgres, …) of which the instance has a pod, terminating ones included */
    private static Set<String> podComponents(LoomioInstance instance, KubernetesClient client) {
        return client.pods().inNamespace(instance.getMetadata().getNamespace())
                .withLabel(Labels.INSTANCE, instance.getMetadata().getName())
                .withLabel(Labels.NAME, Labels.NAME_VALUE)
                .list().getItems().stream()
                .map(p -> p.getMetadata().getLabels().get(Labels.COMPONENT))
                .collect(Collectors.toSet());
    }

    /**
     * @param backupName the LoomioBackup of the stop, to read; null when it goes without one
     * @param restore what the Postgres pod reports of its restore
     */
    public static PlannedStop.Observation observe(LoomioInstance instance, String backupName, RestoreReport restore,
            Context<LoomioInstance> context) {
        String namespace = instance.getMetadata().getNamespace();
        Optional<StatefulSet> postgres = ChildEventSources.get(context, StatefulSet.class,
                ChildEventSources.STATEFUL_SETS, Names.postgres(instance));
        Set<String> running = podComponents(instance, context.getClient());
        Optional<LoomioBackup> backup = Optional.ofNullable(backupName)
                .map(name -> context.getClient().resources(LoomioBackup.class).inNamespace(namespace)
                        .withName(name).get());
        boolean claimsGone = Stream.of(Names.postgres(instance), Names.redis(instance))
                .allMatch(sts -> context.getClient().persistentVolumeClaims().inNamespace(namespace)
                        .withName(DataStatefulSet.claimName(sts)).get() == null);
        RestoreChoice choice = ChildEventSources.get(context, ConfigMap.class, ChildEventSources.CONFIG_MAPS,
                Names.restore(instance)).map(RestoreConfigMap::choiceOf).orElse(RestoreChoice.NEWEST);
        RestoreRequestStatus restoring = instance.getStatus() == null ? null : instance.getStatus().getRestoreRequest();
        Optional<Job> uploadsJob = restoring == null || restoring.finished()
                ? Optional.empty()
                : Optional.ofNullable(context.getClient().batch().v1().jobs().inNamespace(namespace)
                        .withName(UploadsRestoreJob.name(instance, restoring.name())).get());
        return new PlannedStop.Observation(postgres.isPresent(),
                postgres.map(p -> Integer.valueOf(0).equals(p.getSpec().getReplicas())).orElse(false),
                running.stream().noneMatch(DATA_TIER::contains),
                running.stream().noneMatch(APP_TIER::contains), PostgresPod.ready(instance, context), backup,
                claimsGone, databaseBytesBeforeSwitchToRam(instance, postgres, context), choice,
                restore, uploadsJob);
    }

    /**
     * The data directory's bytes of a development database about to move to RAM (it must fit postgres.dataSize);
     * empty for any other stop, or when Postgres cannot be asked (then the restore itself says it does not fit).
     */
    private static OptionalLong databaseBytesBeforeSwitchToRam(LoomioInstance instance,
            Optional<StatefulSet> postgres, Context<LoomioInstance> context) {
        boolean starting = instance.getSpec().getEnvironment() == Environment.PRODUCTION
                && postgres.map(DataStatefulSet::environmentOf).orElse(null) == Environment.DEVELOPMENT
                && (instance.getStatus() == null || instance.getStatus().getEnvironmentSwitch() == null
                        || instance.getStatus().getEnvironmentSwitch().completedAt() != null);
        Optional<Pod> pod = PostgresPod.of(instance, context).filter(p -> p.getStatus() != null
                && p.getStatus().getPodIP() != null);
        DatabaseLogin database = DatabaseLogin.monitor(DatabaseLogin.rolesIn(pod));
        Optional<String> password = ChildEventSources.get(context, Secret.class, ChildEventSources.SECRETS,
                Names.credentialsSecret(instance)).map(Secret::getData)
                .map(d -> d.get(database.passwordKey()))
                .map(b64 -> new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
        if (!starting || pod.isEmpty() || password.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(PostgresFill.usedBytes(pod.get().getStatus().getPodIP(), PostgresStatefulSet.PORT,
                    database.user(), password.get()));
        } catch (SQLException e) {
            LOG.warnf("%s/%s: could not measure the database before the switch to RAM: %s",
                    instance.getMetadata().getNamespace(), instance.getMetadata().getName(), e.getMessage());
            return OptionalLong.empty();
        }
    }
}
