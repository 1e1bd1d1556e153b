package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages one status change makes: one when an alarm starts or its reason changes, one when it ends; none while
 * it holds (its message's figures may change, its reason does not), so a state that lasts a day sends nothing more.
 */
public final class Notifications {
    private Notifications() {
    }

    /**
     * @param before status.conditions as stored before the write (null: a new instance)
     * @param after status.conditions as written
     * @return the messages in condition order: firing ones, then resolved ones
     */
    public static List<Notification> between(String namespace, String instance, List<Condition> before,
            List<Condition> after, Instant at) {
        Map<ConditionType, Alarm> was = Alarms.active(before);
        Map<ConditionType, Alarm> is = Alarms.active(after);
        List<Notification> out = new ArrayList<>();
        is.forEach((type, alarm) -> {
            Alarm old = was.get(type);
            if (old == null || old.reason() != alarm.reason()) {
                out.add(new Notification(namespace, instance, Notification.State.FIRING, type, alarm.reason(),
                        alarm.message(), Advice.of(alarm.reason(), namespace, instance), at));
            }
        });
        was.forEach((type, alarm) -> {
            if (!is.containsKey(type)) {
                Condition now = Conditions.find(after, type).orElse(null);
                ConditionReason reason = now == null || now.getReason() == null
                        ? ConditionReason.NO_PROBLEMS
                        : ConditionReason.of(now.getReason());
                String message = now == null ? "the condition is gone" : now.getMessage();
                out.add(new Notification(namespace, instance, Notification.State.RESOLVED, type, reason,
                        message, "Nothing to do: it recovered from " + alarm.reason().value() + ".", at));
            }
        });
        return out;
    }
}
