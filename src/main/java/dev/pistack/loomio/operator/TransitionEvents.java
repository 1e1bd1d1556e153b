package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.status.ConditionTypes;
import dev.pistack.loomio.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** Emits one Event per meaningful status transition, so Events tell the story without repeating it every reconcile. */
final class TransitionEvents {
    private TransitionEvents() {
    }

    static void record(EventRecorder events, LoomioInstance instance, LoomioInstanceStatus before,
                       LoomioInstanceStatus after) {
        List<Condition> old = before == null ? List.of() : before.getConditions();
        List<Condition> now = after.getConditions();
        // A Warning when the instance becomes stalled, and again only when what blocks it changes.
        Condition stalled = Conditions.find(now, ConditionTypes.STALLED).orElseThrow();
        String blockedBefore = Conditions.find(old, ConditionTypes.STALLED).filter(c -> "True".equals(c.getStatus()))
                .map(Condition::getMessage).orElse(null);
        if ("True".equals(stalled.getStatus()) && !stalled.getMessage().equals(blockedBefore)) {
            events.record(instance, EventRecorder.WARNING, stalled.getReason(), stalled.getMessage());
        }
        boolean ready = Conditions.isTrue(now, ConditionTypes.READY);
        if (ready && !Conditions.isTrue(old, ConditionTypes.READY)) {
            events.record(instance, EventRecorder.NORMAL, "Ready",
                    Conditions.find(now, ConditionTypes.READY).orElseThrow().getMessage());
        }
    }
}
