package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Observed state of one restore, written by the operator as the instance goes through it.
 *
 * @param phase see {@link RestorePhase}
 * @param message what happens now, or what happened; for a Completed restore, how to undo it
 * @param safetyBackup the PreRestore LoomioBackup of the data as it was; null until it is taken
 * @param safetyBackupName its file name, once stored: restoring it undoes this restore
 * @param restoredBackup the backup restored (file name), once Postgres restored it
 * @param source where it was read from: Local, Drive or S3
 * @param postRestoreBackup the PostRestore LoomioBackup taken of the restored data
 * @param startedAt when the instance began to stop for it, RFC 3339
 * @param completedAt when it completed or failed, RFC 3339
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoomioRestoreStatus(
        @JsonPropertyDescription("Pending, Stopping, Restoring, BackingUp, Completed or Failed; the last two are"
                + " final.") RestorePhase phase,
        @JsonPropertyDescription("What happens now or what happened; for a completed restore, how to undo it.") String message,
        @JsonPropertyDescription("The PreRestore LoomioBackup of the data as it was before the restore.") String safetyBackup,
        @JsonPropertyDescription("Its file name: restore it (a new LoomioRestore) to undo this one.") String safetyBackupName,
        @JsonPropertyDescription("The backup restored (file name).") String restoredBackup,
        @JsonPropertyDescription("Where it was read from: Local, Drive or S3.") String source,
        @JsonPropertyDescription("The PostRestore LoomioBackup taken of the restored data.") String postRestoreBackup,
        @JsonPropertyDescription("When the instance began to stop for it (RFC 3339).") String startedAt,
        @JsonPropertyDescription("When it completed or failed (RFC 3339).") String completedAt) {
}
