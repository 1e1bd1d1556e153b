package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Map;

/**
 * The newest restore test, as its pod's termination message (the agent's JSON summary) reported it.
 *
 * @param time when the test finished, RFC 3339
 * @param name the tested backup's file name
 * @param target where it was read: local or drive
 * @param outcome Passed or Failed
 * @param reason why it failed, as the agent's code (wrong-key-or-corrupt, truncated, incomplete-dump, apply-failed,
 *     rows-differ, not-loomio, io-error, no-backup), or the pod's (RestoreTestPodFailed, OOMKilled)
 * @param message what went wrong, for people
 * @param tables how many tables were compared
 * @param rows rows in all tables after the restore
 * @param counts rows of Loomio's core tables after the restore (users, groups, discussions, …)
 * @param durationSeconds the test's wall time, seconds
 * @param job the Job that ran it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreTestRecord(
        @JsonPropertyDescription("When the test finished (RFC 3339).") String time,
        @JsonPropertyDescription("The tested backup's file name.") String name,
        @JsonPropertyDescription("Where it was read: Local or Drive.") String target,
        @JsonPropertyDescription("Passed or Failed.") String outcome,
        @JsonPropertyDescription("Why it failed: WrongKeyOrCorrupt, Truncated, NotABackup, CorruptCompression,"
                + " IncompleteDump, NameTimeMismatch, OtherInstance, IoError, ApplyFailed, RowsDiffer, NotLoomio, NoBackup,"
                + " OOMKilled or RestoreTestPodFailed.") String reason,
        @JsonPropertyDescription("What went wrong.") String message,
        @JsonPropertyDescription("How many tables were compared with the backup.") Integer tables,
        @JsonPropertyDescription("Rows in all tables after the restore.") Long rows,
        @JsonPropertyDescription("Rows of Loomio's core tables after the restore.") Map<String, Long> counts,
        @JsonPropertyDescription("Wall time of the test, seconds.") Double durationSeconds,
        @JsonPropertyDescription("The Job that ran it.") String job) {
    public static final String PASSED = "Passed";
    public static final String FAILED = "Failed";

    /** @return true when the backup restored and every table held the backup's rows */
    public boolean passed() {
        return PASSED.equals(outcome);
    }
}
