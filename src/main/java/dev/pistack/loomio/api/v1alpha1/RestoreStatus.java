package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The last restore of the Postgres pod, read from its restore init containers' termination messages.
 *
 * @param source Local, Drive, None (started fresh) or Existing (the data directory was already initialized)
 * @param backup the backup restored
 * @param sqlBytes size of the restored SQL dump, bytes
 * @param durationSeconds fetch and apply, seconds
 * @param time when the restore finished, RFC 3339
 * @param pod the pod it ran in
 * @param skipped newer backups refused on the way, with the reason
 * @param warning why the restore went on without a target that could not be listed, or null
 * @param uploads the last restore that brought uploads back (the Postgres pod's restore-uploads), or null when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreStatus(
        @JsonPropertyDescription("Local, Drive, None (started with an empty database) or Existing (nothing to"
                + " restore: the data directory was initialized).") String source,
        @JsonPropertyDescription("The backup restored.") String backup,
        @JsonPropertyDescription("Size of the restored SQL dump, bytes.") Long sqlBytes,
        @JsonPropertyDescription("Fetch plus apply, seconds.") Double durationSeconds,
        @JsonPropertyDescription("When it finished (RFC 3339).") String time,
        @JsonPropertyDescription("The pod it ran in.") String pod,
        @JsonPropertyDescription("Newer backups refused on the way, and why.") List<SkippedBackup> skipped,
        @JsonPropertyDescription("Why the restore went on without a target, e.g. Drive could not be listed while the"
                + " local volume held the newest backup known.") String warning,
        @JsonPropertyDescription("The last restore that brought the uploads back, by the Postgres pod's"
                + " restore-uploads init container.") UploadsRestoreStatus uploads) {
    /** A database restore, without the uploads'. */
    public RestoreStatus(String source, String backup, Long sqlBytes, Double durationSeconds, String time, String pod,
            List<SkippedBackup> skipped, String warning) {
        this(source, backup, sqlBytes, durationSeconds, time, pod, skipped, warning, null);
    }

    /** A restore without a warning. */
    public RestoreStatus(String source, String backup, Long sqlBytes, Double durationSeconds, String time, String pod,
            List<SkippedBackup> skipped) {
        this(source, backup, sqlBytes, durationSeconds, time, pod, skipped, null);
    }

    /** @return this restore with that uploads restore */
    public RestoreStatus withUploads(UploadsRestoreStatus restored) {
        return new RestoreStatus(source, backup, sqlBytes, durationSeconds, time, pod, skipped, warning, restored);
    }

    /** The source when the data directory was initialized already, so nothing was restored. */
    public static final String SOURCE_EXISTING = "Existing";

    /**
     * A backup refused during a restore.
     *
     * @param target Local or Drive
     * @param reason NotABackup, Truncated, WrongKeyOrCorrupt, CorruptCompression, IncompleteDump, NameTimeMismatch or
     *     OtherInstance
     */
    public record SkippedBackup(String name, String target, String reason) {
    }
}
