package dev.pistack.loomio.agent.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The one-line JSON a backup prints (and writes to --summary-file, the container's termination message later).
 * Never holds the key, only its fingerprint.
 *
 * @param status {@link BackupOutcome#OK} when every target stored the backup, else {@link BackupOutcome#FAILED}
 * @param bytesIn size of the SQL dump, bytes
 * @param bytesOut size of the encrypted backup, bytes
 * @param durationSeconds wall time, seconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(String action, BackupOutcome status, String name, List<TargetResult> targets, long bytesIn,
        long bytesOut, double durationSeconds, boolean dumpComplete, String keyFingerprint,
        String error) {
    /**
     * One target's outcome.
     *
     * @param status whether this target stored it
     * @param location a path or a Drive file ID
     * @param pruned the first {@value #MAX_LISTED} backups retention deleted afterwards (the summary is also a
     *     container termination message, which Kubernetes cuts at 4 KiB)
     * @param prunedCount how many retention deleted in all
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(String target, BackupOutcome status, String location, List<String> pruned,
            Integer prunedCount,
            String error) {
        static final int MAX_LISTED = 20;

        static TargetResult stored(String target, String location, List<String> pruned, String error) {
            return new TargetResult(target, BackupOutcome.OK, location,
                    pruned == null ? null : pruned.subList(0, Math.min(MAX_LISTED, pruned.size())),
                    pruned == null ? null : pruned.size(), error);
        }

        static TargetResult failed(String target, String error) {
            return new TargetResult(target, BackupOutcome.FAILED, null, null, null, error);
        }
    }
}
