package dev.pistack.loomio.operator.kube;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Condition helpers following metav1.Condition semantics (Kubernetes API conventions). */
public final class Conditions {
    private Conditions() {
    }

    /**
     * @return the condition with lastTransitionTime kept from the previous condition of the same type when its
     *     status did not change, else set to now (RFC 3339, whole seconds, as the API server stores it)
     */
    public static Condition of(List<Condition> previous, ConditionType type, boolean status, ConditionReason reason,
            String message, long generation, Instant now) {
        return of(previous, type, status ? "True" : "False", reason, message, generation, now);
    }

    /**
     * @param value True, False or Unknown (metav1.Condition status)
     * @return the condition, lastTransitionTime kept as in {@link #of(List, ConditionType, boolean, ConditionReason,
     *     String, long, Instant)}
     */
    public static Condition of(List<Condition> previous, ConditionType type, String value, ConditionReason reason,
            String message, long generation, Instant now) {
        String transition = find(previous, type)
                .filter(c -> value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        return new ConditionBuilder()
                .withType(type.value())
                .withStatus(value)
                .withReason(reason.value())
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition)
                .build();
    }

    /** @return the condition of that type, if any */
    public static Optional<Condition> find(List<Condition> conditions, ConditionType type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> Objects.equals(type.value(), c.getType())).findFirst();
    }

    /** @return true when a condition of that type is present with status True */
    public static boolean isTrue(List<Condition> conditions, ConditionType type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
