package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresStatefulSet;
import dev.pistack.loomio.operator.desired.RedisStatefulSet;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads what {@link Hibernation} decides on. Only asked while the instance hibernates or restarts; then it lists the
 * instance's pods and reads the hibernation's LoomioBackup from the API server (neither is in an informer cache: the
 * pods informer holds database and backup pods only), one list and one get per reconcile.
 */
final class HibernationObserver {
    private static final Set<String> APP_TIER = Set.of(AppDeployments.APP, AppDeployments.WORKER,
            AppDeployments.CHANNELS, AppDeployments.HOCUSPOCUS);
    private static final Set<String> DATA_TIER = Set.of(PostgresStatefulSet.COMPONENT, RedisStatefulSet.COMPONENT);

    private HibernationObserver() {
    }

    static Hibernation.Observation observe(LoomioInstance instance, Context<LoomioInstance> context) {
        String namespace = instance.getMetadata().getNamespace();
        Optional<StatefulSet> postgres = ChildEventSources.get(context, StatefulSet.class,
                ChildEventSources.STATEFUL_SETS, Names.postgres(instance));
        List<Pod> pods = context.getClient().pods().inNamespace(namespace)
                .withLabel("app.kubernetes.io/instance", instance.getMetadata().getName())
                .withLabel("app.kubernetes.io/name", "loomio")
                .list().getItems();
        Set<String> running = pods.stream()
                .map(p -> p.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .collect(Collectors.toSet());
        Optional<LoomioBackup> backup = Hibernation.backupToRead(instance)
                .map(name -> context.getClient().resources(LoomioBackup.class).inNamespace(namespace)
                        .withName(name).get());
        return new Hibernation.Observation(postgres.isPresent(),
                postgres.map(p -> Integer.valueOf(0).equals(p.getSpec().getReplicas())).orElse(false),
                running.stream().noneMatch(DATA_TIER::contains),
                running.stream().noneMatch(APP_TIER::contains), PostgresPod.ready(instance, context), backup);
    }
}
