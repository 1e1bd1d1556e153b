package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether deleting a LoomioInstance waits for a final backup ({@code spec.backup.finalBackup.policy}). */
public enum FinalBackupPolicy {
    /** The instance is not deleted until a final backup succeeded or the user says to go on without it. */
    @JsonProperty("Required")
    REQUIRED,
    /** A final backup is tried; after a failure or the timeout deletion goes on, with a Warning Event. */
    @JsonProperty("BestEffort")
    BEST_EFFORT,
    /** No final backup. */
    @JsonProperty("Skip")
    SKIP
}
