package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** The status of a restore test in its JSON summary ({@code "status": "passed"}); each maps to an exit code. */
public enum RestoreTestOutcome {
    /** The backup restored and every table holds the rows the dump holds. Exit 0. */
    PASSED("passed"),
    /** The backup was refused, did not apply, or a table's rows differ. Exit 1. */
    FAILED("failed"),
    /** No backup to test. Exit 3. */
    NONE("none");

    private final String value;

    RestoreTestOutcome(String value) {
        this.value = value;
    }

    /** @return the value written in the summary */
    @JsonValue
    public String value() {
        return value;
    }
}
