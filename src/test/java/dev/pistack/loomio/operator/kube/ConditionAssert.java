package dev.pistack.loomio.operator.kube;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import io.fabric8.kubernetes.api.model.Condition;
import org.assertj.core.api.AbstractObjectAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions on one condition of a LoomioInstance or LoomioBackup status, in the vocabulary of the API:
 * {@code assertThat(status, READY).isTrue().hasReason(ConditionReason.READY).hasObservedGeneration(2)}.
 */
public final class ConditionAssert extends AbstractObjectAssert<ConditionAssert, Condition> {
    private ConditionAssert(Condition condition, ConditionType type) {
        super(condition, ConditionAssert.class);
        describedAs("condition %s", type.value());
    }

    /** Fails at once when the status is null or has no condition of that type. */
    public static ConditionAssert assertThat(LoomioInstanceStatus status, ConditionType type) {
        Assertions.assertThat(status).as("status").isNotNull();
        Condition condition = Conditions.find(status.getConditions(), type).orElse(null);
        Assertions.assertThat(condition).as("condition %s in %s", type.value(), status.getConditions()).isNotNull();
        return new ConditionAssert(condition, type);
    }

    /** Fails at once when the list has no condition of that type (a LoomioBackup's conditions, say). */
    public static ConditionAssert assertThat(java.util.List<Condition> conditions, ConditionType type) {
        Condition condition = Conditions.find(conditions, type).orElse(null);
        Assertions.assertThat(condition).as("condition %s in %s", type.value(), conditions).isNotNull();
        return new ConditionAssert(condition, type);
    }

    public ConditionAssert isTrue() {
        return hasStatus("True");
    }

    public ConditionAssert isFalse() {
        return hasStatus("False");
    }

    public ConditionAssert hasReason(ConditionReason reason) {
        isNotNull();
        if (!reason.value().equals(actual.getReason())) {
            failWithMessage("expected reason %s but was %s (message: %s)", reason.value(), actual.getReason(),
                    actual.getMessage());
        }
        return this;
    }

    public ConditionAssert hasObservedGeneration(long generation) {
        isNotNull();
        if (actual.getObservedGeneration() == null || actual.getObservedGeneration() != generation) {
            failWithMessage("expected observedGeneration %s but was %s", generation, actual.getObservedGeneration());
        }
        return this;
    }

    public ConditionAssert hasMessageContaining(String part) {
        isNotNull();
        if (actual.getMessage() == null || !actual.getMessage().contains(part)) {
            failWithMessage("expected a message containing <%s> but was <%s>", part, actual.getMessage());
        }
        return this;
    }

    private ConditionAssert hasStatus(String status) {
        isNotNull();
        if (!status.equals(actual.getStatus())) {
            failWithMessage("expected status %s but was %s (reason %s: %s)", status, actual.getStatus(),
                    actual.getReason(), actual.getMessage());
        }
        return this;
    }
}
