package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What the backup CronJob's runs reported, read from their pods' termination messages (the agent's JSON summary).
 *
 * @param lastSuccess the newest backup every target stored
 * @param lastFailure the newest run that failed, or null once a later run succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupStatus(
        @JsonPropertyDescription("The newest backup every target stored.") BackupRecord lastSuccess,
        @JsonPropertyDescription("The newest failed run, when it is newer than the last success.") BackupFailure lastFailure) {
}
