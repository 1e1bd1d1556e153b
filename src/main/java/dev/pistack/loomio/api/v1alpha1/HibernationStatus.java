package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What a hibernation recorded while {@code spec.hibernate} is true, so that a restarted operator goes on with the
 * same final backup instead of taking another one.
 *
 * @param backup the LoomioBackup of this hibernation, {@code <instance>-hibernate-<generation>}; null when it
 *     hibernated without one (policy Skip, the skip annotation, or no backups configured)
 * @param requestedGeneration the metadata.generation that asked for it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HibernationStatus(
        @JsonPropertyDescription("The LoomioBackup taken when the instance stopped; absent when it hibernated"
                + " without one.") String backup,
        @JsonPropertyDescription("The metadata.generation that set spec.hibernate.") Long requestedGeneration) {
}
