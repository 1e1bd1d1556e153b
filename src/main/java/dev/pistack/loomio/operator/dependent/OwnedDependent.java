package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;

/**
 * A child created, updated and garbage-collected with its LoomioInstance. Its owner reference is a controller
 * reference (controller: true, blockOwnerDeletion: true) as Kubernetes' own controllers write them, so
 * {@code kubectl describe} shows "Controlled By" and foreground deletion waits for the child.
 *
 * @param <R> the child's kind
 */
public abstract class OwnedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, LoomioInstance> {
    protected OwnedDependent(Class<R> type) {
        super(type);
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, LoomioInstance primary) {
        desired.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
                .withApiVersion(primary.getApiVersion())
                .withKind(primary.getKind())
                .withName(primary.getMetadata().getName())
                .withUid(primary.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build()));
    }
}
