package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;

/**
 * What the status conditions show of a planned stop under way or done: a hibernation ({@code spec.hibernate: true}),
 * a planned restart or an environment switch; the operator's decision (PlannedStop) produces it.
 *
 * @param restart true for a planned restart or a switch (no Hibernated condition: it starts again by itself)
 * @param reason the step's reason: StoppingAppTier, TakingFinalBackup, StoppingDataTier, ReplacingDataTier,
 *     Hibernated, PlannedStopBlocked or EnvironmentSwitchRefused
 * @param message what happens, or what blocks and how to override; never a secret
 * @param appStopped the app tier is stopped (its conditions say Hibernated instead of Unavailable)
 * @param dataStopped Postgres and Redis are stopped (their conditions, BackupHealthy and memory likewise)
 */
public record PlannedStopView(boolean restart, ConditionReason reason, String message, boolean appStopped,
        boolean dataStopped) {
    /** @return true once nothing runs */
    public boolean done() {
        return reason == ConditionReason.HIBERNATED;
    }

    /** @return true when the user must act (kstatus: Stalled) */
    public boolean blocked() {
        return reason == ConditionReason.PLANNED_STOP_BLOCKED || reason == ConditionReason.ENVIRONMENT_SWITCH_REFUSED;
    }
}
