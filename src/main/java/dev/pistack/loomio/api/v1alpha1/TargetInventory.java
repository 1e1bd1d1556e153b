package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What one backup target held after the newest backup run that listed it (scheduled backups create no resources:
 * this is their inventory).
 *
 * @param target {@code local} or {@code drive}
 * @param newest the newest backup's file name
 * @param count how many backups it holds
 * @param totalBytes their total size, bytes
 * @param time when the run that listed it finished, RFC 3339
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetInventory(
        @JsonPropertyDescription("Local or Drive.") String target,
        @JsonPropertyDescription("The newest backup's file name.") String newest,
        @JsonPropertyDescription("How many backups it holds.") Integer count,
        @JsonPropertyDescription("Their total size, bytes.") Long totalBytes,
        @JsonPropertyDescription("When the run that listed it finished (RFC 3339).") String time) {
}
