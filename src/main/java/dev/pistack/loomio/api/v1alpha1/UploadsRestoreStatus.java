package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last restore of the uploads volume, read from the Postgres pod's restore-uploads init container.
 *
 * @param source Local, Drive or S3
 * @param backup the database backup whose uploads were restored
 * @param files files restored
 * @param bytes their size, bytes
 * @param durationSeconds seconds
 * @param time when it finished, RFC 3339
 * @param pod the pod it ran in
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadsRestoreStatus(
        @JsonPropertyDescription("Local, Drive or S3.") String source,
        @JsonPropertyDescription("The backup whose uploads were restored.") String backup,
        @JsonPropertyDescription("Files restored.") Integer files,
        @JsonPropertyDescription("Their size, bytes.") Long bytes,
        @JsonPropertyDescription("Fetch, decrypt and check, seconds.") Double durationSeconds,
        @JsonPropertyDescription("When it finished (RFC 3339).") String time,
        @JsonPropertyDescription("The pod it ran in.") String pod) {
}
