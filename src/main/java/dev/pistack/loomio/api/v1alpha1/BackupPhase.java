package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a LoomioBackup is: one way, Pending → Running → Completed or Failed; the last two are final. */
public enum BackupPhase {
    /** Not started: waiting for the instance, its database, or another backup of the same instance. */
    @JsonProperty("Pending")
    PENDING,
    /** Its Job runs. */
    @JsonProperty("Running")
    RUNNING,
    /** The backup is stored on every target the instance has. */
    @JsonProperty("Completed")
    COMPLETED,
    /** It will not be taken; {@code status.error} says why. Older backups are untouched. */
    @JsonProperty("Failed")
    FAILED;

    /** @return true for Completed and Failed, which never change again */
    public boolean finished() {
        return this == COMPLETED || this == FAILED;
    }
}
