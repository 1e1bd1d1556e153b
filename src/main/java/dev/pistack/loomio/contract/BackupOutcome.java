package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** The status of a backup, and of each of its targets, in the JSON summary ({@code "status": "ok"}). */
public enum BackupOutcome {
    /** Stored (for the whole backup: stored in every target). */
    OK("ok"),
    /** Not stored; older backups are untouched. */
    FAILED("failed"),
    /**
     * Not taken, and not needed: a scheduled run found the database unchanged since the backup its change token names
     * (the whole backup only, never a target's).
     */
    SKIPPED("skipped");

    private final String value;

    BackupOutcome(String value) {
        this.value = value;
    }

    /** @return the value written in the summary */
    @JsonValue
    public String value() {
        return value;
    }
}
