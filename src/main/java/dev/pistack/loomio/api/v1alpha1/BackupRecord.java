package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * One successful backup, as the agent's summary gave it.
 *
 * @param name the backup's file name ({@code loomio-<kind>-YYYYMMDD-HHMMSS.sql.gz.enc}, UTC)
 * @param time when the run finished, RFC 3339
 * @param sizeBytes size of the encrypted backup, bytes
 * @param durationSeconds the run's wall time, seconds
 * @param targets where it was stored: local, drive
 * @param keyFingerprint the encryption key's fingerprint (never the key)
 * @param job the Job that took it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupRecord(
        @JsonPropertyDescription("The backup's file name (UTC time in it).") String name,
        @JsonPropertyDescription("hourly, manual or final.") String kind,
        @JsonPropertyDescription("When the run finished (RFC 3339).") String time,
        @JsonPropertyDescription("Size of the encrypted backup, bytes.") Long sizeBytes,
        @JsonPropertyDescription("Wall time of the run, seconds.") Double durationSeconds,
        @JsonPropertyDescription("Where it was stored: local, drive.") List<String> targets,
        @JsonPropertyDescription("Fingerprint of the encryption key (never the key).") String keyFingerprint,
        @JsonPropertyDescription("The Job that took it.") String job) {
}
