package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.StatusPatch;
import dev.pistack.loomio.operator.notify.Notifications;
import dev.pistack.loomio.operator.notify.Notifier;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Writes a LoomioInstance's status ({@link StatusPatch}), and then the Events of its transitions and the
 * notifications of its alarms; the written object is in the SDK's cache, so the next reconcile does not announce the
 * same transition twice.
 */
@ApplicationScoped
public class StatusWriter {
    private final EventRecorder events;
    private final Notifier notifier;
    private final Clock clock;

    public StatusWriter(EventRecorder events, Notifier notifier, Clock clock) {
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
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
            notifier.send(written, Notifications.between(written.getMetadata().getNamespace(),
                    written.getMetadata().getName(),
                    current.getStatus() == null ? null : current.getStatus().getConditions(), next.getConditions(),
                    clock.instant()));
            return written;
        }).orElse(current);
    }
}
