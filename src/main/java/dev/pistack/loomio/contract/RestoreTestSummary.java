package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The one-line JSON a restore test prints (and writes to --summary-file, the container's termination message).
 *
 * @param status see {@link RestoreTestOutcome}
 * @param target where the tested backup was read: {@code local} or {@code drive}; null when there was none
 * @param name the tested backup's file name
 * @param reason why it failed, as a code: a {@link RejectionReason} or {@link RestoreTestFailure} code,
 *     {@code rows-differ}, {@code not-loomio}, {@code io-error}; null when it passed
 * @param sqlBytes size of the SQL dump, bytes
 * @param tables how many tables the dump holds data for
 * @param rows rows of all tables after the restore
 * @param counts rows of Loomio's core tables after the restore, by name
 * @param mismatches the first {@value #MAX_LISTED} tables whose rows differ from the dump's, as
 *     {@code table: dump N, restored M}
 * @param durationSeconds wall time, seconds
 * @param error what went wrong, for people; never holds a secret
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreTestSummary(String action, RestoreTestOutcome status, String target, String name, String reason,
        Long sqlBytes, Integer tables, Long rows, Map<String, Long> counts, List<String> mismatches,
        double durationSeconds, String keyFingerprint, String error) {
    public static final int MAX_LISTED = 5;
}
