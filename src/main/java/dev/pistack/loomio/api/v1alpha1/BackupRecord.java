package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Map;

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
 * @param rows rows of Loomio's core tables in the backup, counted while it was taken
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupRecord(
        @JsonPropertyDescription("The backup's file name (UTC time in it).") String name,
        @JsonPropertyDescription("Hourly (scheduled), Manual, Final, PreUpgrade, or Legacy (the seed system's).") String kind,
        @JsonPropertyDescription("When the run finished (RFC 3339).") String time,
        @JsonPropertyDescription("Size of the encrypted backup, bytes.") Long sizeBytes,
        @JsonPropertyDescription("Wall time of the run, seconds.") Double durationSeconds,
        @JsonPropertyDescription("Where it was stored: Local, Drive.") List<String> targets,
        @JsonPropertyDescription("Fingerprint of the encryption key (never the key).") String keyFingerprint,
        @JsonPropertyDescription("The Job that took it.") String job,
        @JsonPropertyDescription("Rows of Loomio's core tables in the backup, counted while it was taken.") Map<String, Long> rows) {
    /** A record without row counts (a backup by an agent that did not count them). */
    public BackupRecord(String name, String kind, String time, Long sizeBytes, Double durationSeconds,
            List<String> targets, String keyFingerprint, String job) {
        this(name, kind, time, sizeBytes, durationSeconds, targets, keyFingerprint, job, null);
    }
}
