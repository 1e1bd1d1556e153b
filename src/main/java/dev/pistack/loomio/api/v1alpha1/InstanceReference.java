package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * A LoomioInstance in the referring object's namespace.
 *
 * @param name the instance's metadata.name
 */
public record InstanceReference(
        @JsonPropertyDescription("Name of the LoomioInstance, in this namespace.") @Required String name) {
}
