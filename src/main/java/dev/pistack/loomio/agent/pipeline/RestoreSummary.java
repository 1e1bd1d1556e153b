package dev.pistack.loomio.agent.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one-line JSON a restore prints.
 *
 * @param status what happened, see {@link RestoreOutcome}
 * @param source {@code local}, {@code drive} or {@code none}
 * @param attempts the candidates refused before the one restored, newest first, with reasons
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreSummary(String action, RestoreOutcome status, String source, String name, List<Attempt> attempts,
        Long sqlBytes, double durationSeconds, String keyFingerprint, String error) {
    /**
     * A refused candidate.
     *
     * @param reason a {@link BackupRejected.Reason} code, or {@code io-error}
     */
    public record Attempt(String name, String target, String reason, String message) {
    }
}
