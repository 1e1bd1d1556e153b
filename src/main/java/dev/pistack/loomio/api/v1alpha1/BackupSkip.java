package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One scheduled run that stored nothing because the database had not changed since a stored backup (the agent's
 * change token was the one it was given).
 *
 * @param time when it ended, RFC 3339
 * @param changeToken the token it found, that of the backup it stands for
 * @param job the Job of the run
 * @param runCreated when the API server created the run's pod, RFC 3339: what orders the runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSkip(
        @JsonPropertyDescription("When the run ended (RFC 3339).") String time,
        @JsonPropertyDescription("The database's change token it found: lastSuccess.changeToken when nothing changed"
                + " since that backup.") String changeToken,
        @JsonPropertyDescription("The Job of the run.") String job,
        @JsonPropertyDescription("When the API server created the run's pod (RFC 3339): what orders the runs.") String runCreated) {
}
