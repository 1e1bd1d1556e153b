package dev.pistack.loomio.operator.notify;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;

/**
 * What a person does about an alarm, as commands they can type: the condition's message names the cause, this says
 * where to look and what fixes it (docs/alerts.md lists the same).
 */
public final class Advice {
    private Advice() {
    }

    /**
     * @return one to three sentences for that reason; a general one for reasons of Stalled, whose messages already
     *     say what to change
     */
    public static String of(ConditionReason reason, String namespace, String instance) {
        String status = "kubectl loomio status " + instance + " -n " + namespace;
        return switch (reason) {
            case BACKUP_FAILED -> "Older backups are untouched. See why with `" + status + "`; once fixed, take one"
                    + " with `kubectl loomio backup " + instance + " -n " + namespace + " --wait`.";
            case BACKUP_CRITICALLY_OLD -> "No backup succeeded for longer than spec.monitoring.backupCriticalAge:"
                    + " what was written since is in RAM only. Check the backup CronJob and its Jobs (`" + status
                    + "`, `kubectl get jobs -n " + namespace + "`), then take one with `kubectl loomio backup "
                    + instance + " -n " + namespace + " --wait`.";
            case BACKUP_DATED_IN_THE_FUTURE -> "The node's clock ran ahead when the newest backup was stamped; set"
                    + " the node's time right (NTP) and read docs/backups.md, \"A clock that ran ahead\".";
            case RESTORE_FAILED -> "Postgres does not start: its restore init container failed. Read its log with"
                    + " `kubectl loomio logs " + instance + " -n " + namespace + "` and docs/backups.md; no newer"
                    + " data is overwritten by an older backup.";
            case RESTORE_TEST_FAILED -> "The newest backup could not be restored in a test: do not count on it. Check"
                    + " the stored backups with `kubectl loomio backups " + instance + " -n " + namespace
                    + " --verify` and take a new one.";
            case MEMORY_CRITICAL -> "A RAM-backed volume or pod is nearly full; the message names it. Raise its size in"
                    + " the spec (docs/monitoring.md, \"RAM usage\") before Postgres or Redis stop writing.";
            default -> "The operator waits until this is fixed; the message says what to change. `" + status
                    + "` shows the rest.";
        };
    }
}
