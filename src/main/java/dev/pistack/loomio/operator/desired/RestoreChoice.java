package dev.pistack.loomio.operator.desired;

/**
 * The backup a LoomioRestore chose, handed to the Postgres pod's restore init container through the restore
 * ConfigMap ({@link RestoreConfigMap}) while the restore runs; {@link #NEWEST} at every other time.
 *
 * @param backup a backup's file name, or empty
 * @param before an RFC 3339 time, or empty
 * @param source a clone's source instance, {@code namespace/name}, or empty: its off-site backups are read
 */
public record RestoreChoice(String backup, String before, String source) {
    /** No choice: every start restores the newest authentic backup. */
    public static final RestoreChoice NEWEST = new RestoreChoice("", "", "");

    /** Nulls count as empty, so a choice compares equal to what the ConfigMap holds. */
    public RestoreChoice {
        backup = backup == null ? "" : backup;
        before = before == null ? "" : before;
        source = source == null ? "" : source;
    }

    /** A choice among this instance's own backups. */
    public RestoreChoice(String backup, String before) {
        this(backup, before, "");
    }
}
