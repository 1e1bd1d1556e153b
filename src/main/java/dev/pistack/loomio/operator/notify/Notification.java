package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import java.time.Instant;

/**
 * One message to send: an alarm started (or changed its reason), or ended.
 *
 * @param namespace the instance's namespace
 * @param instance the LoomioInstance's name
 * @param state {@link State#FIRING} or {@link State#RESOLVED}
 * @param type the condition
 * @param reason the condition's reason now (on resolution: the healthy one, e.g. BackupRecent)
 * @param message the condition's message now
 * @param advice what to do, one or two sentences ({@link Advice}); on resolution, nothing to do
 * @param at when the operator saw the transition
 */
public record Notification(String namespace, String instance, State state, ConditionType type,
        ConditionReason reason, String message, String advice, Instant at) {

    /** Whether the alarm holds or has ended. */
    public enum State {
        FIRING("firing"), RESOLVED("resolved");

        private final String value;

        State(String value) {
            this.value = value;
        }

        /** @return firing or resolved, as Alertmanager's webhook names them */
        public String value() {
            return value;
        }
    }

    /** @return a one-line summary, e.g. {@code [loomio/loomio] BackupHealthy: BackupFailed} */
    public String subject() {
        String prefix = "[" + namespace + "/" + instance + "] ";
        return state == State.FIRING
                ? prefix + type.value() + ": " + reason.value()
                : prefix + "resolved: " + type.value() + " is " + reason.value();
    }
}
