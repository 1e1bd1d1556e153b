package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Owner references (Kubernetes API conventions, garbage collection). */
public final class Owners {
    private Owners() {
    }

    /**
     * @param owner an object as stored (its uid is set)
     * @return the controller reference to it, blocking its foreground deletion until the child is gone
     */
    public static OwnerReference controller(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
