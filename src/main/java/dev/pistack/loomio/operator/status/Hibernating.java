package dev.pistack.loomio.operator.status;

import dev.pistack.loomio.api.v1alpha1.HibernationStatus;

/**
 * What the status shows of a hibernation under way or done ({@code spec.hibernate: true}); the operator's
 * hibernation decision produces it.
 *
 * @param reason the Hibernated condition's reason: StoppingAppTier, TakingFinalBackup, StoppingDataTier,
 *     Hibernated or HibernationBlocked
 * @param message what happens, or what blocks and how to override; never a secret
 * @param appStopped the app tier is stopped (its conditions say Hibernated instead of Unavailable)
 * @param dataStopped Postgres and Redis are stopped (their conditions, BackupHealthy and memory likewise)
 * @param recorded status.hibernation to write
 */
public record Hibernating(ConditionReason reason, String message, boolean appStopped, boolean dataStopped,
        HibernationStatus recorded) {
    /** @return true once nothing runs */
    public boolean done() {
        return reason == ConditionReason.HIBERNATED;
    }

    /** @return true when the user must act (kstatus: Stalled) */
    public boolean blocked() {
        return reason == ConditionReason.HIBERNATION_BLOCKED;
    }
}
