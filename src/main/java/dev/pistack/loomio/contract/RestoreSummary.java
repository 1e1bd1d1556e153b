package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one-line JSON a restore prints.
 *
 * @param status what happened, see {@link RestoreOutcome}
 * @param source {@code local}, {@code drive} or {@code none}; for a failure, the target that failed
 * @param sqlBytes size of the restored SQL dump, bytes
 * @param durationSeconds wall time, seconds
 * @param error why it failed, naming the target and the cause; never holds a secret
 * @param attempts the candidates refused before the one restored, newest first, with reasons
 * @param warning what the user should know of a restore that succeeded, e.g. an off-site target that could not be
 *     listed while the local one held the newest backup known; null when there is nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreSummary(String action, RestoreOutcome status, String source, String name, List<Attempt> attempts,
        Long sqlBytes, double durationSeconds, String keyFingerprint, String error, String warning) {
    /** A summary without a warning. */
    public RestoreSummary(String action, RestoreOutcome status, String source, String name, List<Attempt> attempts,
            Long sqlBytes, double durationSeconds, String keyFingerprint, String error) {
        this(action, status, source, name, attempts, sqlBytes, durationSeconds, keyFingerprint, error, null);
    }

    /**
     * A refused candidate.
     *
     * @param reason a {@link RejectionReason} code
     */
    public record Attempt(String name, String target, String reason, String message) {
    }
}
