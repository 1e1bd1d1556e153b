package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * The image reference the app tier runs (the migrated release, status.release), decided by the reconciler from the
 * migration Jobs it observes before the workflow runs, and handed to the Deployment dependents through the
 * workflow's context: a release observed in this reconcile is not in the instance's status yet.
 */
public final class ReleaseImage {
    private static final String KEY = "loomio.release-image";

    private ReleaseImage() {
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
