package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** How Postgres comes back when it starts with an empty data directory (every start in production). */
public class RestoreSpec {
    @JsonPropertyDescription("What a start does when no target holds any backup. Auto: start with an empty database"
            + " until this instance has recorded a successful backup, then refuse to start (no backup then means a"
            + " wrong folder, a wrong key or a lost volume, not a new install). StartFresh: always start empty."
            + " Fail: never start empty.")
    @Default("Auto")
    private WhenNoBackup whenNoBackup = WhenNoBackup.AUTO;

    public WhenNoBackup getWhenNoBackup() {
        return whenNoBackup;
    }

    public void setWhenNoBackup(WhenNoBackup whenNoBackup) {
        this.whenNoBackup = whenNoBackup;
    }
}
