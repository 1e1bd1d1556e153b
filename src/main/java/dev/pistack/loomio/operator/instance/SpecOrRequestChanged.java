package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Which updates of a LoomioInstance start a reconcile: a new spec (metadata.generation), a request made by annotation
 * (a planned restart, an image update, skipping the final backup), a finalizer added or removed, a deletion. Not the
 * operator's own status writes. The SDK's generation-aware filter alone would drop annotation requests until some
 * other event came, since an annotation does not change the generation.
 */
public class SpecOrRequestChanged implements OnUpdateFilter<LoomioInstance> {
    @Override
    public boolean accept(LoomioInstance updated, LoomioInstance old) {
        return !Objects.equals(updated.getMetadata().getGeneration(), old.getMetadata().getGeneration())
                || !Objects.equals(updated.getMetadata().getAnnotations(), old.getMetadata().getAnnotations())
                || !Objects.equals(updated.getMetadata().getFinalizers(), old.getMetadata().getFinalizers())
                || updated.isMarkedForDeletion() != old.isMarkedForDeletion();
    }
}
