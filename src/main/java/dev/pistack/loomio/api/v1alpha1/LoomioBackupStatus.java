package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/**
 * Observed state of one on-demand backup. Conditions follow the Kubernetes API conventions and kstatus: {@code Ready}
 * (True once Completed), {@code Reconciling} while Pending or Running, {@code Stalled} when Failed, so Flux, Helm's
 * {@code --wait} and {@code kubectl wait --for=condition=Ready} all see the outcome.
 *
 * @param observedGeneration the metadata.generation this status was computed from
 * @param phase Pending, Running, Completed or Failed
 * @param conditions Ready, Reconciling, Stalled
 * @param job the Job that runs (or ran) the agent
 * @param backupName the backup's file name, once Completed
 * @param sizeBytes size of the encrypted backup, bytes
 * @param size the same, for people ("12.3Mi")
 * @param durationSeconds the agent's wall time, seconds
 * @param targets where it is stored: local, drive
 * @param keyFingerprint fingerprint of the encryption key (never the key)
 * @param startedAt when the Job was created, RFC 3339
 * @param completedAt when it completed or failed, RFC 3339
 * @param error why it failed (never a secret value)
 * @param bytesWritten while Running, bytes of encrypted backup the agent wrote so far; null before its first report
 *     and once finished
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoomioBackupStatus(
        @JsonPropertyDescription("The metadata.generation this status was computed from.") Long observedGeneration,
        @JsonPropertyDescription("Pending, Running, Completed or Failed; the last two are final.") BackupPhase phase,
        @JsonPropertyDescription("Ready (True once Completed), Reconciling (Pending, Running), Stalled (Failed).") List<Condition> conditions,
        @JsonPropertyDescription("The Job that runs the backup agent.") String job,
        @JsonPropertyDescription("The backup's file name (loomio-<kind>-YYYYMMDD-HHMMSS.sql.gz.enc, UTC).") String backupName,
        @JsonPropertyDescription("Size of the encrypted backup, bytes.") Long sizeBytes,
        @JsonPropertyDescription("Size of the encrypted backup, for people.") String size,
        @JsonPropertyDescription("Wall time of the backup, seconds.") Double durationSeconds,
        @JsonPropertyDescription("Where it is stored: Local, Drive.") List<String> targets,
        @JsonPropertyDescription("Fingerprint of the encryption key (never the key).") String keyFingerprint,
        @JsonPropertyDescription("When the Job was created (RFC 3339).") String startedAt,
        @JsonPropertyDescription("When it completed or failed (RFC 3339).") String completedAt,
        @JsonPropertyDescription("Why it failed.") String error,
        @JsonPropertyDescription("While Running: bytes of encrypted backup written so far (the agent reports every"
                + " 5 s).") Long bytesWritten) {

    /** @return a backup waiting for its Job (the database not ready, another backup first) */
    public static LoomioBackupStatus pending(Long observedGeneration, List<Condition> conditions) {
        return new LoomioBackupStatus(observedGeneration, BackupPhase.PENDING, conditions, null, null, null, null, null,
                null, null, null, null, null, null);
    }

    /**
     * @param bytesWritten what the agent reported written so far, or null before its first report
     * @return a backup whose Job runs the agent since startedAt (RFC 3339)
     */
    public static LoomioBackupStatus running(Long observedGeneration, List<Condition> conditions, String job,
            String startedAt, Long bytesWritten) {
        return new LoomioBackupStatus(observedGeneration, BackupPhase.RUNNING, conditions, job, null, null, null, null,
                null, null, startedAt, null, null, bytesWritten);
    }

    /**
     * @param stored what the agent stored, as status.backup.lastSuccess records it
     * @param size stored.sizeBytes for people ("12.3Mi")
     * @return a completed backup
     */
    public static LoomioBackupStatus completed(Long observedGeneration, List<Condition> conditions, String startedAt,
            String completedAt, BackupRecord stored, String size) {
        return new LoomioBackupStatus(observedGeneration, BackupPhase.COMPLETED, conditions, stored.job(),
                stored.name(), stored.sizeBytes(), size, stored.durationSeconds(), stored.targets(),
                stored.keyFingerprint(), startedAt, completedAt, null, null);
    }

    /** @return a backup that failed for good, with why (never a secret value) */
    public static LoomioBackupStatus failed(Long observedGeneration, List<Condition> conditions, String job,
            String startedAt, String completedAt, String error) {
        return new LoomioBackupStatus(observedGeneration, BackupPhase.FAILED, conditions, job, null, null, null, null,
                null, null, startedAt, completedAt, error, null);
    }
}
