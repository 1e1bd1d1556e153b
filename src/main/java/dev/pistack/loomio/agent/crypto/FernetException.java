package dev.pistack.loomio.agent.crypto;

import java.io.IOException;

/** A token that is not an authentic, complete Fernet token for the key; {@link #reason()} says which check failed. */
public final class FernetException extends IOException {
    /** Why a token was refused. */
    public enum Reason {
        /** The text is not base64url or the version byte is not 0x80. */
        NOT_FERNET,
        /** The token ends before its minimum length or mid-character: the file was cut short. */
        TRUNCATED,
        /** The HMAC does not match: another key, or altered bytes (Fernet cannot tell the two apart). */
        AUTHENTICATION_FAILED
    }

    private final Reason reason;

    public FernetException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
