package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a LoomioRestore is, in order; Completed and Failed are final. */
public enum RestorePhase {
    /** Waiting: another restore of the instance first, or the instance hibernates or switches environments. */
    @JsonProperty("Pending")
    PENDING,
    /** The app tier stops, then the PreRestore safety backup is taken, then the data tier stops. */
    @JsonProperty("Stopping")
    STOPPING,
    /** Postgres starts, restoring the chosen backup; the app tier stays stopped. */
    @JsonProperty("Restoring")
    RESTORING,
    /** The PostRestore backup runs, so the restored data is the newest backup. */
    @JsonProperty("BackingUp")
    BACKING_UP,
    /** Restored, backed up, and the app tier runs again. */
    @JsonProperty("Completed")
    COMPLETED,
    /**
     * Nothing was restored (the chosen backup is on no target or is not authentic, or the instance has no backups);
     * the instance runs on the data it had, from the safety backup when the data tier had stopped.
     */
    @JsonProperty("Failed")
    FAILED;

    /** @return true for Completed and Failed, which never change again */
    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
