package dev.pistack.loomio.contract;

/**
 * Why a restore test failed when the backup itself was accepted (otherwise the reason is a {@link RejectionReason}):
 * the {@code reason} of a failed {@link RestoreTestSummary}. The codes are wire format.
 */
public enum RestoreTestFailure {
    /** A target could not be read. */
    IO_ERROR("io-error"),
    /** The dump did not apply to the scratch database (rolled back). */
    APPLY_FAILED("apply-failed"),
    /** Some table holds other row counts than the dump. */
    ROWS_DIFFER("rows-differ"),
    /** The restored database has none of Loomio's core tables. */
    NOT_LOOMIO("not-loomio"),
    /** There was no backup to test (the summary's status is {@code none}); set by the operator, not the agent. */
    NO_BACKUP("no-backup");

    private final String code;

    RestoreTestFailure(String code) {
        this.code = code;
    }

    /** @return the reason as it appears in JSON summaries and in status.backup.lastVerified.reason */
    public String code() {
        return code;
    }
}
