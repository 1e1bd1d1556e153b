package dev.pistack.loomio.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells a child of the current instance from a left-over of an earlier instance of the same name. Deleting an
 * instance leaves its children to the garbage collector; while they terminate, an instance created again under the
 * same name finds them in the informer caches under the names its own children will have. Owner reference uids tell
 * them apart: the instance's children name its uid, and a StatefulSet's pods name the StatefulSet's uid.
 */
public final class CurrentOwner {
    private CurrentOwner() {
    }

    /**
     * @param child an object read from a cache by name
     * @param instanceUid {@code metadata.uid} of the instance being reconciled
     * @param statefulSets the cached StatefulSet of that name in the child's namespace, if any
     * @return false when the child's controller is a LoomioInstance of another uid, or a StatefulSet that is not in the
     *         cache, has another uid or is itself not the instance's; true otherwise (children without an owner, such
     *         as the credentials Secret and the PVCs that outlive their instance, and children controlled by kinds
     *         this check does not follow)
     */
    public static boolean isCurrent(HasMetadata child, String instanceUid,
            Function<String, Optional<StatefulSet>> statefulSets) {
        Optional<OwnerReference> controller = controller(child);
        if (controller.isEmpty()) {
            return true;
        }
        OwnerReference owner = controller.get();
        return switch (owner.getKind()) {
            case "LoomioInstance" -> owner.getUid() != null && owner.getUid().equals(instanceUid);
            case "StatefulSet" -> statefulSets.apply(owner.getName())
                    .filter(s -> owner.getUid().equals(s.getMetadata().getUid()))
                    .filter(s -> isCurrent(s, instanceUid, statefulSets))
                    .isPresent();
            default -> true;
        };
    }

    private static Optional<OwnerReference> controller(HasMetadata child) {
        List<OwnerReference> references = child.getMetadata().getOwnerReferences();
        if (references == null) {
            return Optional.empty();
        }
        return references.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }
}
