package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The instance's record of the LoomioRestore it goes through (or went through last), so a restarted operator goes
 * on where it was. The LoomioRestore's own status is written from it.
 *
 * @param name the LoomioRestore
 * @param backup the backup asked for by name, or null
 * @param before the time asked for (RFC 3339), or null
 * @param sourceInstance a clone's source, {@code namespace/name}, or null
 * @param startedAt when the instance began to stop for it, RFC 3339
 * @param safetyBackup the PreRestore LoomioBackup; null when there was no data to back up
 * @param safetyBackupName its file name, once stored: restoring it undoes the restore
 * @param dataStopped true once the data tier stopped for it: the chosen backup is then handed to Postgres
 * @param dataStarted true once Postgres was started to restore it
 * @param restoredBackup the backup Postgres restored, file name
 * @param uploadsRestored true once the uploads of that backup the volume lacked were brought back
 * @param source where it was read from
 * @param postRestoreBackup the PostRestore LoomioBackup
 * @param completedAt when it completed or failed, RFC 3339; null while it runs
 * @param failure why nothing was restored; null unless it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRequestStatus(
        @JsonPropertyDescription("The LoomioRestore.") String name,
        @JsonPropertyDescription("The backup asked for by name.") String backup,
        @JsonPropertyDescription("The time asked for: the newest backup at or before it.") String before,
        @JsonPropertyDescription("A clone's source instance (namespace/name).") String sourceInstance,
        @JsonPropertyDescription("When the instance began to stop for it (RFC 3339).") String startedAt,
        @JsonPropertyDescription("The PreRestore LoomioBackup of the data as it was.") String safetyBackup,
        @JsonPropertyDescription("Its file name: restoring it undoes the restore.") String safetyBackupName,
        @JsonPropertyDescription("The data tier stopped for it.") Boolean dataStopped,
        @JsonPropertyDescription("Postgres was started to restore it.") Boolean dataStarted,
        @JsonPropertyDescription("The backup Postgres restored.") String restoredBackup,
        @JsonPropertyDescription("The uploads of that backup the volume lacked were brought back.") Boolean uploadsRestored,
        @JsonPropertyDescription("Where it was read from.") String source,
        @JsonPropertyDescription("The PostRestore LoomioBackup of the restored data.") String postRestoreBackup,
        @JsonPropertyDescription("When it completed or failed (RFC 3339); absent while it runs.") String completedAt,
        @JsonPropertyDescription("Why nothing was restored; absent unless it failed.") String failure) {

    /** @return a record of a restore that begins now, RFC 3339 */
    public static RestoreRequestStatus begin(String name, String backup, String before, String sourceInstance,
            String startedAt) {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, null, null, false, false, null,
                null, null,
                null, null, null);
    }

    /** @return what was asked, for messages: {@code backup loomio-…} or {@code the newest backup at or before T} */
    public String describe() {
        String what = backup != null
                ? "backup " + backup
                : before != null ? "the newest backup at or before " + before : "the newest backup";
        return sourceInstance == null ? what : what + " of " + sourceInstance;
    }

    /** @return true once it completed or failed */
    public boolean finished() {
        return completedAt != null;
    }

    /** @return this record with the safety backup named and the data tier stopped or not */
    public RestoreRequestStatus stopping(String safety, boolean stopped) {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, safety, safetyBackupName,
                stopped,
                dataStarted, restoredBackup, uploadsRestored, source, postRestoreBackup, completedAt, failure);
    }

    /** @return this record with the safety backup's file name, and Postgres started (or not yet) */
    public RestoreRequestStatus starting(String safetyFile, boolean started) {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, safetyBackup, safetyFile, true,
                started,
                restoredBackup, uploadsRestored, source, postRestoreBackup, completedAt, failure);
    }

    /** @return this record with what Postgres restored and the PostRestore LoomioBackup */
    public RestoreRequestStatus restored(String restored, String from, String post) {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, safetyBackup, safetyBackupName,
                dataStopped,
                dataStarted, restored, uploadsRestored, from, post, completedAt, failure);
    }

    /** @return this record finished at that time, with why it failed (null: it completed) */
    public RestoreRequestStatus finish(String at, String why) {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, safetyBackup, safetyBackupName,
                dataStopped,
                dataStarted, restoredBackup, uploadsRestored, source, postRestoreBackup, at, why);
    }

    /** @return this record with the uploads brought back */
    public RestoreRequestStatus uploadsBack() {
        return new RestoreRequestStatus(name, backup, before, sourceInstance, startedAt, safetyBackup, safetyBackupName,
                dataStopped,
                dataStarted, restoredBackup, true, source, postRestoreBackup, completedAt, failure);
    }
}
