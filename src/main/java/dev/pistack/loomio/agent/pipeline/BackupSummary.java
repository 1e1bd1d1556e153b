package dev.pistack.loomio.agent.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one-line JSON a backup prints (and writes to --summary-file, the container's termination message later).
 * Never holds the key, only its fingerprint.
 *
 * @param status {@code ok} when every target stored the backup, else {@code failed}
 * @param bytesIn size of the SQL dump, bytes
 * @param bytesOut size of the encrypted backup, bytes
 * @param durationSeconds wall time, seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(String action, String status, String name, List<TargetResult> targets, long bytesIn,
                            long bytesOut, double durationSeconds, boolean dumpComplete, String keyFingerprint,
                            String error) {
    /**
     * One target's outcome.
     *
     * @param status {@code ok} or {@code failed}
     * @param location a path or a Drive file ID
     * @param pruned backups retention deleted afterwards
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(String target, String status, String location, List<String> pruned, String error) {
    }
}
