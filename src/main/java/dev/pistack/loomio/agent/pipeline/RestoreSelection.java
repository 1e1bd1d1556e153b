package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.agent.store.BackupName;
import java.time.Instant;

/**
 * Which backups a restore may choose from: the newest authentic one (every start of Postgres), one named backup, or
 * the newest authentic one taken at or before a time (a restore the user asked for, a LoomioRestore). Whatever the
 * selection, a bad backup is never restored, and a chosen one that is bad never makes way for an older one outside
 * the selection: the restore fails and says why.
 *
 * @param backup the file name to restore (e.g. {@code loomio-hourly-20261206-140000.sql.gz.enc}), or null
 * @param atOrBefore the latest time a backup may be from, by the UTC time in its name, or null
 */
public record RestoreSelection(String backup, Instant atOrBefore) {
    /** No choice: the newest authentic backup. */
    public static final RestoreSelection NEWEST = new RestoreSelection(null, null);

    /**
     * @throws IllegalArgumentException when both are given, or the name is not a backup's
     */
    public RestoreSelection {
        if (backup != null && atOrBefore != null) {
            throw new IllegalArgumentException("give a backup's name or a time, not both");
        }
        if (backup != null && BackupName.parse(backup).isEmpty()) {
            throw new IllegalArgumentException("'" + backup + "' is not a backup's file name (e.g."
                    + " loomio-hourly-20261206-140000.sql.gz.enc)");
        }
    }

    /** @return true when any backup may be chosen: the newest authentic one is restored */
    public boolean newest() {
        return backup == null && atOrBefore == null;
    }

    /** @return true when this backup may be restored under the selection */
    public boolean admits(BackupName name) {
        if (backup != null) {
            return backup.equals(name.fileName());
        }
        return atOrBefore == null || !name.time().isAfter(atOrBefore);
    }

    /** @return what was asked, for messages: {@code backup loomio-…} or {@code the newest backup at or before T} */
    public String describe() {
        if (backup != null) {
            return "backup " + backup;
        }
        return atOrBefore == null ? "the newest backup" : "the newest backup at or before " + atOrBefore;
    }
}
