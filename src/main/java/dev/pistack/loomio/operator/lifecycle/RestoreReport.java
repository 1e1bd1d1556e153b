package dev.pistack.loomio.operator.lifecycle;

import java.util.Optional;

/**
 * What the Postgres pod's restore init containers report, as far as a LoomioRestore needs it.
 *
 * @param restoredBackup the backup restored (file name), once both init containers succeeded; else null
 * @param source where it was read from (Local, Drive, S3), or null
 * @param chosen true when the backup restored is the one the running LoomioRestore chose (its name, or taken at or
 *     before its time)
 * @param failure why the restore fails, while an init container failed
 * @param permanent true when that failure cannot pass by itself (no backup, none authentic, not the one chosen)
 */
public record RestoreReport(String restoredBackup, String source, boolean chosen, Optional<String> failure,
        boolean permanent) {
    /** Nothing reported: no Postgres pod, or its restore has not finished. */
    public static final RestoreReport NONE = new RestoreReport(null, null, false, Optional.empty(), false);

    /** @return true once a restore finished */
    public boolean completed() {
        return restoredBackup != null;
    }
}
