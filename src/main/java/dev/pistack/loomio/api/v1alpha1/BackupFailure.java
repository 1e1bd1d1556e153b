package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One failed backup run.
 *
 * @param time when it ended, RFC 3339
 * @param reason a CamelCase reason (e.g. BackupFailed, BackupPodFailed)
 * @param message what went wrong, from the agent's summary or the pod's status; never holds a secret
 * @param job the Job of the run
 * @param runCreated when the API server created the run's pod (its creationTimestamp), RFC 3339: what orders runs,
 *     so a node clock that once ran ahead cannot make an old run look newer than the ones after it; null in records
 *     of an earlier operator version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupFailure(
        @JsonPropertyDescription("When it ended (RFC 3339).") String time,
        @JsonPropertyDescription("Why, as a CamelCase reason.") String reason,
        @JsonPropertyDescription("What went wrong.") String message,
        @JsonPropertyDescription("The Job of the run.") String job,
        @JsonPropertyDescription("When the API server created the run's pod (RFC 3339): what orders the runs.") String runCreated) {
    /** A failure without {@code runCreated}: as an earlier operator version recorded it. */
    public BackupFailure(String time, String reason, String message, String job) {
        this(time, reason, message, job, null);
    }
}
