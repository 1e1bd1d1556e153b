package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Tiers;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * Which tiers run ({@link Tiers}), decided by the reconciler before the workflow runs (hibernation needs observed
 * state: the app pods gone, the final backup stored) and handed to the dependents through the workflow's context.
 */
public final class RunningTiers {
    private static final String KEY = "loomio.running-tiers";

    private RunningTiers() {
    }

    /** Called by the reconciler before the workflow runs. */
    public static void put(Context<LoomioInstance> context, Tiers tiers) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, tiers);
    }

    /**
     * @return the tiers put there by {@link #put}
     * @throws IllegalStateException when the reconciler did not put them (a wiring bug)
     */
    static Tiers of(Context<LoomioInstance> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, Tiers.class);
    }
}
