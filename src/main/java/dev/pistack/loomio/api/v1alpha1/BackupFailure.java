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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupFailure(
        @JsonPropertyDescription("When it ended (RFC 3339).") String time,
        @JsonPropertyDescription("Why, as a CamelCase reason.") String reason,
        @JsonPropertyDescription("What went wrong.") String message,
        @JsonPropertyDescription("The Job of the run.") String job) {
}
