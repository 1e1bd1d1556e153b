package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Owners;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A child created, updated and garbage-collected with its LoomioInstance, whose desired state is one pure function of
 * the instance (a builder of package {@code desired}). Its owner reference is a controller reference (controller:
 * true, blockOwnerDeletion: true) as Kubernetes' own controllers write them, so {@code kubectl describe} shows
 * "Controlled By" and foreground deletion waits for the child.
 *
 * @param <R> the child's kind
 */
public abstract class OwnedDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, LoomioInstance> {
    private final BiFunction<LoomioInstance, Context<LoomioInstance>, R> builder;

    /**
     * @param type the child's kind
     * @param builder the pure function from the instance to the child's desired state
     */
    protected OwnedDependent(Class<R> type, Function<LoomioInstance, R> builder) {
        this(type, (instance, context) -> builder.apply(instance));
    }

    /**
     * @param type the child's kind
     * @param builder the function from the instance and what the reconciler put in the workflow's context (e.g.
     *     {@link WorkflowInputs}) to the child's desired state
     */
    protected OwnedDependent(Class<R> type, BiFunction<LoomioInstance, Context<LoomioInstance>, R> builder) {
        super(type);
        this.builder = builder;
    }

    @Override
    protected R desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return builder.apply(primary, context);
    }

    @Override
    protected void addReferenceHandlingMetadata(R desired, LoomioInstance primary) {
        desired.getMetadata().setOwnerReferences(List.of(Owners.controller(primary)));
    }
}
