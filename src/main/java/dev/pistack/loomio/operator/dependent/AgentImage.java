package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The image of the backup agent (the operator's own image), handed from the reconciler to the dependents through
 * the workflow's context: dependents are created by the SDK, not by CDI, so the context is how they get it.
 */
public final class AgentImage {
    private static final String KEY = "loomio.agent-image";

    private AgentImage() {
    }

    /** Called by the reconciler before the workflow runs. */
    public static void put(Context<LoomioInstance> context, String image) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, image);
    }

    /**
     * @return the image put there by {@link #put}
     * @throws IllegalStateException when the reconciler did not put one (a wiring bug)
     */
    static String of(Context<LoomioInstance> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, String.class);
    }
}
