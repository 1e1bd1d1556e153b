package dev.pistack.loomio.contract;

/**
 * The agent's exit statuses beyond 0 (done), 1 (failed) and 2 (usage), which the operator reads from a restore init
 * container that stopped: the pod waits there, and the status says why.
 */
public final class ExitCodes {
    /** Restore found no backup at all: a fresh start is the caller's decision. */
    public static final int NO_BACKUP = 3;
    /** Restore found backups, but none passed the checks. */
    public static final int NO_AUTHENTIC_BACKUP = 4;
    /** Restore refused a database that already holds tables. */
    public static final int NOT_EMPTY = 5;
    /** Restore found backups, but not the one asked for (a named backup, or one at or before a time). */
    public static final int NOT_FOUND = 6;

    private ExitCodes() {
    }
}
