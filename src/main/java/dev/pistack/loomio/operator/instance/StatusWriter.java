package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.StatusPatch;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes a LoomioInstance's status ({@link StatusPatch}), and then the Events of its transitions; the written object
 * is in the SDK's cache, so the next reconcile does not announce the same transition twice.
 */
@ApplicationScoped
public class StatusWriter {
    private final EventRecorder events;

    public StatusWriter(EventRecorder events) {
        this.events = events;
    }

    /**
     * @param next the computed status; nothing is written when it equals the current one
     * @return the instance as the API server stored it, or {@code current} when nothing changed
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses the write (the SDK
     *     then retries the reconcile with backoff); no Event is recorded then
     */
    public LoomioInstance write(LoomioInstance current, LoomioInstanceStatus next, Context<LoomioInstance> context) {
        return StatusPatch.write(current, next, LoomioInstance::new, context).map(written -> {
            TransitionEvents.record(events, written, current.getStatus(), next);
            return written;
        }).orElse(current);
    }
}
