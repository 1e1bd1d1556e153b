package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.operator.desired.PostgresDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

/** Applies the Postgres pod's disruption budget in RAM mode ({@link PostgresDisruptionBudget}). */
public class PostgresDisruptionBudgetDependent extends OwnedDependent<PodDisruptionBudget> {
    public PostgresDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class, PostgresDisruptionBudget::desired);
    }
}
