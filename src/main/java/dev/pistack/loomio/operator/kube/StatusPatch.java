package dev.pistack.loomio.operator.kube;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one way this operator writes a primary resource's status: server-side apply of a fresh object holding only
 * name, namespace and status (never the spec it read), with the read resourceVersion as precondition; on a conflict
 * the SDK re-reads its cache and retries. The written object goes into the SDK's cache, so the next reconcile sees it
 * even before the watch event arrives.
 */
public final class StatusPatch {
    private StatusPatch() {
    }

    /**
     * @param blank a new, empty object of the primary's kind
     * @return the object as the API server stored it, or empty when {@code next} equals the current status (nothing
     *     is written)
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses the write
     */
    public static <S, P extends CustomResource<?, S>> Optional<P> write(P current, S next, Supplier<P> blank,
            Context<P> context) {
        if (Objects.equals(next, current.getStatus())) {
            return Optional.empty();
        }
        P fresh = blank.get();
        fresh.setMetadata(new ObjectMetaBuilder().withName(current.getMetadata().getName())
                .withNamespace(current.getMetadata().getNamespace()).build());
        fresh.setStatus(next);
        return Optional.of(PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, fresh, context));
    }
}
