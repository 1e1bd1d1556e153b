package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.Tiers;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.Map;

/**
 * What the reconciler decides from observed state before the workflow runs, handed to the dependents through the
 * workflow's context: the SDK creates the dependents, not CDI, and what one reconcile observes is not in the
 * instance's status yet.
 *
 * @param agentImage the backup agent's image, the operator's own
 * @param tiers which tiers run ({@link Tiers}; hibernation needs observed state: the app pods gone, the final backup
 *     stored)
 * @param releaseImage the image reference the app tier runs: the migrated release (status.release), possibly
 *     observed in this very reconcile
 * @param migrationAllowed whether the backup taken before a change of image lets the migration Job start
 * @param operatorNamespace the namespace of the operator's own pod, which the NetworkPolicies let reach the data
 *     tier; null when the operator runs outside the cluster
 * @param database the role Loomio, its migrations and the backups log in as ({@link DatabaseLogin#loomio} of the
 *     Postgres pod that runs)
 * @param newestKnownBackup the newest backup recorded on any target, for the restore's ConfigMap; null when none
 * @param restoreChoice the backup a running LoomioRestore chose, for the restore's ConfigMap; RestoreChoice#NEWEST
 *     otherwise
 * @param recoveredCredentials the credentials Secret's keys and values taken back from an off-site copy, for the
 *     Secret to create; null to generate new ones (a new install) or when the Secret exists
 */
public record WorkflowInputs(String agentImage, Tiers tiers, String releaseImage, boolean migrationAllowed,
        String operatorNamespace, DatabaseLogin database, String newestKnownBackup, RestoreChoice restoreChoice,
        Map<String, String> recoveredCredentials) {
    @Override
    public String toString() {
        return "WorkflowInputs(" + agentImage + ", " + tiers + ", " + releaseImage + ", migrationAllowed="
                + migrationAllowed + ", " + operatorNamespace + ", " + database + ", " + newestKnownBackup
                + ", " + restoreChoice + ", recoveredCredentials="
                + (recoveredCredentials == null ? null : recoveredCredentials.keySet())
                + ")";
    }

    private static final String KEY = "loomio.workflow-inputs";

    /** Called by the reconciler before the workflow runs. */
    public static void put(Context<LoomioInstance> context, WorkflowInputs inputs) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, inputs);
    }

    /**
     * @return the inputs put there by {@link #put}
     * @throws IllegalStateException when the reconciler did not put them (a wiring bug)
     */
    static WorkflowInputs of(Context<LoomioInstance> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, WorkflowInputs.class);
    }
}
