package dev.pistack.loomio.contract;

/**
 * Why a backup was refused for a restore or a restore test: the {@code reason} of a restore summary's attempts and of
 * a failed restore test. The codes are wire format, read by the operator from termination messages.
 */
public enum RejectionReason {
    /** Not a Fernet token at all. */
    NOT_A_BACKUP("not-a-backup"),
    /** Cut short: a failed upload or copy, or a full disk. */
    TRUNCATED("truncated"),
    /** HMAC mismatch: encrypted with another key, or altered. */
    WRONG_KEY_OR_CORRUPT("wrong-key-or-corrupt"),
    /** Authentic, but the gzip inside is broken. */
    CORRUPT_COMPRESSION("corrupt-compression"),
    /** Authentic, but the SQL lacks pg_dump's completion trailer. */
    INCOMPLETE_DUMP("incomplete-dump"),
    /** Authentic, but its authenticated time is not the time in its name: renamed, or copied from elsewhere. */
    NAME_TIME_MISMATCH("name-time-mismatch"),
    /** Authentic, but taken from another LoomioInstance (copied into this one's folder), and not asked for. */
    OTHER_INSTANCE("other-instance");

    private final String code;

    RejectionReason(String code) {
        this.code = code;
    }

    /** @return the reason as it appears in JSON summaries */
    public String code() {
        return code;
    }
}
