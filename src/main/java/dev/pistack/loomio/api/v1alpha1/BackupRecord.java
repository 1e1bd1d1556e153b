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
 * @param runCreated when the API server created the run's pod (its creationTimestamp), RFC 3339: what orders runs,
 *     so a node clock that once ran ahead cannot make an old backup look newer than the ones after it; null in
 *     records of an earlier operator version
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
        @JsonPropertyDescription("Rows of Loomio's core tables in the backup, counted while it was taken.") Map<String, Long> rows,
        @JsonPropertyDescription("When the API server created the run's pod (RFC 3339): what orders the runs.") String runCreated,
        @JsonPropertyDescription("The database's change token when the backup was taken: a scheduled run that finds"
                + " it again takes nothing (spec.backup.skipUnchanged).") String changeToken) {
    /** A record without {@code changeToken}: as an earlier operator version, or of an agent that had none. */
    public BackupRecord(String name, String kind, String time, Long sizeBytes, Double durationSeconds,
            List<String> targets, String keyFingerprint, String job, Map<String, Long> rows, String runCreated) {
        this(name, kind, time, sizeBytes, durationSeconds, targets, keyFingerprint, job, rows, runCreated, null);
    }

    /** A record without {@code runCreated}: as an earlier operator version recorded it. */
    public BackupRecord(String name, String kind, String time, Long sizeBytes, Double durationSeconds,
            List<String> targets, String keyFingerprint, String job, Map<String, Long> rows) {
        this(name, kind, time, sizeBytes, durationSeconds, targets, keyFingerprint, job, rows, null, null);
    }

    /** A record without row counts (a backup by an agent that did not count them). */
    public BackupRecord(String name, String kind, String time, Long sizeBytes, Double durationSeconds,
            List<String> targets, String keyFingerprint, String job) {
        this(name, kind, time, sizeBytes, durationSeconds, targets, keyFingerprint, job, null, null, null);
    }
}
