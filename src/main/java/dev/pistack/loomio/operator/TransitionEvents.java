package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.status.ConditionReason;
import dev.pistack.loomio.operator.status.ConditionType;
import dev.pistack.loomio.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Emits one Event per meaningful status transition, so Events tell the story without repeating it every reconcile. */
final class TransitionEvents {
    private TransitionEvents() {
    }

    /** Call only after {@code after} was written: an Event must never announce a status the API server refused. */
    static void record(EventRecorder events, LoomioInstance instance, LoomioInstanceStatus before,
            LoomioInstanceStatus after) {
        List<Condition> old = before == null ? List.of() : before.getConditions();
        List<Condition> now = after.getConditions();
        // A Warning when the instance becomes stalled, and again only when what blocks it changes.
        Condition stalled = Conditions.find(now, ConditionType.STALLED).orElseThrow();
        String blockedBefore = Conditions.find(old, ConditionType.STALLED).filter(c -> "True".equals(c.getStatus()))
                .map(Condition::getMessage).orElse(null);
        if ("True".equals(stalled.getStatus()) && !stalled.getMessage().equals(blockedBefore)) {
            events.record(instance, EventType.WARNING, ConditionReason.of(stalled.getReason()), stalled.getMessage());
        }
        if (Conditions.isTrue(now, ConditionType.READY) && !Conditions.isTrue(old, ConditionType.READY)) {
            events.record(instance, EventType.NORMAL, ConditionReason.READY,
                    Conditions.find(now, ConditionType.READY).orElseThrow().getMessage());
        }
    }
}
