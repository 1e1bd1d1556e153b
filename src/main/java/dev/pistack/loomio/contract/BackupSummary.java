package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON a backup prints (and writes to --summary-file, the container's termination message later),
 * which the operator reads into status.backup ({@link Summaries#parse}).
 * Never holds the key, only its fingerprint.
 *
 * @param status {@link BackupOutcome#OK} when every target stored the backup, else {@link BackupOutcome#FAILED}
 * @param bytesIn size of the SQL dump, bytes
 * @param bytesOut size of the encrypted backup, bytes
 * @param durationSeconds wall time, seconds
 * @param rows rows of Loomio's core tables in the dump (the agent's CopyRowCounts.LOOMIO_TABLES), for a restore test
 *     to compare with; null when the dump failed
 * @param changeToken the database's change token (the agent's ChangeToken) read before the dump, or for a skipped
 *     run the one it matched; null when the server could not tell or the dump came from a file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupSummary(String action, BackupOutcome status, String name, List<TargetResult> targets, long bytesIn,
        long bytesOut, double durationSeconds, boolean dumpComplete, Map<String, Long> rows, String keyFingerprint,
        String error, String changeToken) {
    /**
     * A scheduled run that took nothing: the database had not changed since the backup of that token.
     *
     * @param changeToken the token it read, equal to the one it was given
     * @param durationSeconds the check's wall time, seconds
     */
    public static BackupSummary skipped(String changeToken, double durationSeconds, String keyFingerprint) {
        return new BackupSummary("backup", BackupOutcome.SKIPPED, null, List.of(), 0, 0, durationSeconds, false, null,
                keyFingerprint, null, changeToken);
    }

    /**
     * One target's outcome.
     *
     * @param status whether this target stored it
     * @param location a path or a Drive file ID
     * @param pruned the first {@value #MAX_LISTED} backups retention deleted afterwards (the summary is also a
     *     container termination message, which Kubernetes cuts at 4 KiB)
     * @param prunedCount how many retention deleted in all
     * @param inventory what the target holds after the run, or null when listing it failed
     * @param uploads the uploads this target stored with the backup, or null when the run had none to back up
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TargetResult(String target, BackupOutcome status, String location, List<String> pruned,
            Integer prunedCount, Inventory inventory, String error, Uploads uploads) {
        public static final int MAX_LISTED = 20;

        /** A result without uploads. */
        public TargetResult(String target, BackupOutcome status, String location, List<String> pruned,
                Integer prunedCount, Inventory inventory, String error) {
            this(target, status, location, pruned, prunedCount, inventory, error, null);
        }

        public static TargetResult stored(String target, String location, List<String> pruned, Inventory inventory,
                String error) {
            return new TargetResult(target, BackupOutcome.OK, location,
                    pruned == null ? null : pruned.subList(0, Math.min(MAX_LISTED, pruned.size())),
                    pruned == null ? null : pruned.size(), inventory, error);
        }

        public static TargetResult failed(String target, Inventory inventory, String error) {
            return new TargetResult(target, BackupOutcome.FAILED, null, null, null, inventory, error);
        }

        /** @return this result with the uploads it stored */
        public TargetResult withUploads(Uploads stored) {
            return new TargetResult(target, status, location, pruned, prunedCount, inventory, error, stored);
        }
    }

    /**
     * The uploads one target holds for a backup (its manifest) and what the run sent there.
     *
     * @param files files in the backup
     * @param bytes their total size, bytes (as files, before encryption)
     * @param sentFiles files whose blob the target lacked and was sent, the others being stored already
     * @param sentBytes what was sent, bytes (encrypted)
     * @param removedBlobs blobs retention removed afterwards because no kept backup needs them
     */
    public record Uploads(int files, long bytes, int sentFiles, long sentBytes, Integer removedBlobs) {
    }

    /**
     * What one target holds: every backup the target lists.
     *
     * @param newest the newest backup's file name, or null when there is none
     * @param count how many backups
     * @param totalBytes their total size, bytes (encrypted, as stored)
     * @param freeBytes the room left on the target, bytes, when it can tell (the local volume's file system), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Inventory(String newest, int count, long totalBytes, Long freeBytes) {
        /** An inventory of a target that cannot tell its free space. */
        public Inventory(String newest, int count, long totalBytes) {
            this(newest, count, totalBytes, null);
        }
    }
}
