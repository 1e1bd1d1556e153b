package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** The status of a restore in the JSON summary ({@code "status": "restored"}); each maps to an exit code. */
public enum RestoreOutcome {
    /** The newest authentic backup was applied. Exit 0. */
    RESTORED("restored"),
    /** No backup anywhere. Exit 3, or 0 when the caller asked to start fresh then. */
    NONE("none"),
    /** The database is already initialized (its data directory exists), so nothing was read or applied. Exit 0. */
    SKIPPED("skipped"),
    /** Backups exist but none passed the checks; nothing was applied. Exit 4. */
    NO_AUTHENTIC("no-authentic"),
    /**
     * Backups exist, but none is the one asked for (a named backup, or one at or before a time); nothing was applied.
     * Exit 6.
     */
    NOT_FOUND("not-found"),
    /** Applying failed (rolled back) or a target could not be read. Exit 1. */
    FAILED("failed");

    private final String value;

    RestoreOutcome(String value) {
        this.value = value;
    }

    /** @return the value written in the summary */
    @JsonValue
    public String value() {
        return value;
    }
}
