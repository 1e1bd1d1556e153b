package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Optional;

/** The instance's Postgres pod, read from the pods informer cache. */
public final class PostgresPod {
    private PostgresPod() {
    }

    /** @return the pod {@code <instance>-postgres-0}, if it exists */
    public static Optional<Pod> of(LoomioInstance instance, Context<LoomioInstance> context) {
        return ChildEventSources.get(context, Pod.class, ChildEventSources.PODS, Names.postgres(instance) + "-0");
    }

    /** @return true when the pod exists, is not being deleted and is Ready: a backup can be taken of it */
    public static boolean ready(LoomioInstance instance, Context<LoomioInstance> context) {
        return of(instance, context).filter(p -> p.getMetadata().getDeletionTimestamp() == null
                && p.getStatus() != null && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .isPresent();
    }
}
