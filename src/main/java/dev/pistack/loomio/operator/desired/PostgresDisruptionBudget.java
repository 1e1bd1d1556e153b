package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * RAM mode: a PodDisruptionBudget with {@code maxUnavailable: 0} on the Postgres pod, so a voluntary eviction
 * ({@code kubectl drain}, an upgrade controller's drain) is refused instead of throwing the RAM data away: the
 * Eviction API answers 429 and {@code kubectl drain} keeps retrying, naming the budget. The way through is to
 * hibernate first (docs/lifecycle.md, "Drains and reboots"), which takes a final backup and leaves no pod to evict. Deletions by
 * the operator itself (hibernation, planned restart, switch) scale the StatefulSet and are not evictions, and
 * node-pressure evictions ignore budgets; in development the data is on a PVC and no budget is made.
 */
public final class PostgresDisruptionBudget {
    private PostgresDisruptionBudget() {
    }

    /** @return the budget {@code <instance>-postgres}, selecting the Postgres pod */
    public static PodDisruptionBudget desired(LoomioInstance i) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName(Names.postgres(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, PostgresStatefulSet.COMPONENT))
                .endMetadata()
                .withNewSpec()
                .withMaxUnavailable(new IntOrString(0))
                .withNewSelector().withMatchLabels(Labels.selector(i, PostgresStatefulSet.COMPONENT)).endSelector()
                .endSpec()
                .build();
    }
}
