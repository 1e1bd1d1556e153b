package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one-line JSON {@code agent restore-uploads} prints (and writes to --summary-file, the restore init container's
 * termination message), which the operator reads into {@code status.restore.uploads}.
 *
 * @param status {@link RestoreOutcome#RESTORED}, {@link RestoreOutcome#SKIPPED} (the volume holds files already),
 *     {@link RestoreOutcome#NONE} (no backup of the uploads anywhere, or the newest holds no file), {@link
 *     RestoreOutcome#NO_AUTHENTIC} or
 *     {@link RestoreOutcome#FAILED}
 * @param source the target restored from ({@code local}, {@code drive}, {@code s3}) or {@code none}; for a failure,
 *     the target that failed
 * @param backup the database backup whose uploads were restored
 * @param files files restored
 * @param bytes their total size, bytes
 * @param durationSeconds wall time, seconds
 * @param error why it failed; never holds a secret
 * @param attempts newer manifests refused before the one restored, with reasons
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadsRestoreSummary(String action, RestoreOutcome status, String source, String backup, Integer files,
        Long bytes, double durationSeconds, String keyFingerprint, String error,
        List<RestoreSummary.Attempt> attempts) {
    /** The action's name in the JSON. */
    public static final String ACTION = "restore-uploads";
}
