package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last change of {@code spec.environment}: RAM to disk or back, moved through a final backup.
 *
 * @param from the environment the data tier had
 * @param to the environment it was switched to
 * @param backup the LoomioBackup taken before the data tier stopped, {@code <instance>-switch-<generation>}
 * @param requestedGeneration the metadata.generation that changed the environment
 * @param completedAt when the data tier was created anew (RFC 3339); null while the switch runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SwitchStatus(
        @JsonPropertyDescription("The environment the data tier had.") Environment from,
        @JsonPropertyDescription("The environment it was switched to.") Environment to,
        @JsonPropertyDescription("The LoomioBackup that carried the data across.") String backup,
        @JsonPropertyDescription("The metadata.generation that changed spec.environment.") Long requestedGeneration,
        @JsonPropertyDescription("When Postgres and Redis were created anew (RFC 3339); absent while the switch"
                + " runs.") String completedAt) {
}
