package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.status.Observed;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads the children that decide readiness from the informer caches (no API calls). */
final class ObservedReader {
    private ObservedReader() {
    }

    static Observed read(LoomioInstance instance, Context<LoomioInstance> context) {
        Set<StatefulSet> statefulSets = context.getSecondaryResources(StatefulSet.class);
        Map<String, Deployment> deployments = context.getSecondaryResources(Deployment.class).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity(), (a, b) -> a));
        return new Observed(named(statefulSets, Names.postgres(instance)), named(statefulSets, Names.redis(instance)),
                deployments);
    }

    private static Optional<StatefulSet> named(Set<StatefulSet> all, String name) {
        return all.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
    }
}
