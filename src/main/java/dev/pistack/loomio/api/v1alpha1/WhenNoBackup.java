package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a Postgres start does when no backup exists anywhere ({@code spec.postgres.restore.whenNoBackup}). */
public enum WhenNoBackup {
    /** StartFresh until the instance has recorded a successful backup, Fail afterwards. */
    @JsonProperty("Auto")
    AUTO,
    /** Start with an empty database. */
    @JsonProperty("StartFresh")
    START_FRESH,
    /** Do not start: the restore init container fails until a backup appears or the user says otherwise. */
    @JsonProperty("Fail")
    FAIL
}
