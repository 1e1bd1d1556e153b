package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * Another LoomioInstance, possibly in another namespace, whose off-site backups a LoomioRestore reads (a clone).
 *
 * @param namespace its namespace
 * @param name its metadata.name
 */
public record SourceInstance(
        @JsonPropertyDescription("Namespace of the instance whose backups are restored.") @Required @Pattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$") String namespace,
        @JsonPropertyDescription("Name of the instance whose backups are restored.") @Required @Pattern("^[a-z0-9]([-a-z0-9]{0,37}[a-z0-9])?$") String name) {
    /** @return {@code namespace/name}, as the agent names an instance */
    public String path() {
        return namespace + "/" + name;
    }
}
