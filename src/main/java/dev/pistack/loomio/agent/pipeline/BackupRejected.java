package dev.pistack.loomio.agent.pipeline;

import java.io.IOException;

/** A backup that must not be restored, with the reason in words a user can act on. */
public final class BackupRejected extends IOException {
    /** Why a backup was refused. */
    public enum Reason {
        /** Not a Fernet token at all. */
        NOT_A_BACKUP("not-a-backup"),
        /** Cut short: a failed upload or copy, or a full disk. */
        TRUNCATED("truncated"),
        /** HMAC mismatch: encrypted with another key, or altered. */
        WRONG_KEY_OR_CORRUPT("wrong-key-or-corrupt"),
        /** Authentic, but the gzip inside is broken. */
        CORRUPT_COMPRESSION("corrupt-compression"),
        /** Authentic, but the SQL lacks pg_dump's completion trailer. */
        INCOMPLETE_DUMP("incomplete-dump");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        /** @return the reason as it appears in JSON summaries */
        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public BackupRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
