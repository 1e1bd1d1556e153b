package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;

/**
 * A condition in a state a person must act on.
 *
 * @param type the condition, at most one alarm per type
 * @param reason why (status.conditions[].reason)
 * @param message the condition's message, which names the cause
 */
public record Alarm(ConditionType type, ConditionReason reason, String message) {
}
