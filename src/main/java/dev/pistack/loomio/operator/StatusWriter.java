package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

/**
 * Writes a LoomioInstance's status, and then the Events of its transitions. The patch is server-side apply of a fresh
 * object holding only name, namespace and status (never the spec the operator read), with the read resourceVersion
 * as precondition; on a conflict the SDK re-reads its cache and retries. The written object goes into the SDK's cache,
 * so the next reconcile sees it even before the watch event arrives and does not announce the same transition twice.
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
        if (Objects.equals(next, current.getStatus())) {
            return current;
        }
        LoomioInstance fresh = new LoomioInstance();
        fresh.setMetadata(new ObjectMetaBuilder().withName(current.getMetadata().getName())
                .withNamespace(current.getMetadata().getNamespace()).build());
        fresh.setStatus(next);
        LoomioInstance written = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, fresh, context);
        TransitionEvents.record(events, written, current.getStatus(), next);
        return written;
    }
}
