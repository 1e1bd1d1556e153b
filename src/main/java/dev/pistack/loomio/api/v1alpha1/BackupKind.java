package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an on-demand backup is for ({@code LoomioBackup.spec.kind}); the agent puts it in the backup's file name
 * ({@code loomio-<kind>-YYYYMMDD-HHMMSS.sql.gz.enc}) and retention never prunes any of them.
 */
public enum BackupKind {
    /** Asked for by a user. */
    @JsonProperty("Manual")
    MANUAL("manual"),
    /** The last backup before a planned stop or a delete. */
    @JsonProperty("Final")
    FINAL("final"),
    /** The operator's backup before the migration of a new Loomio image: the way back if the migration fails. */
    @JsonProperty("PreUpgrade")
    PRE_UPGRADE("preupgrade"),
    /** The operator's backup before a LoomioRestore replaces the data: restoring it undoes the restore. */
    @JsonProperty("PreRestore")
    PRE_RESTORE("prerestore"),
    /** The operator's backup right after a LoomioRestore: the restored data becomes the newest backup. */
    @JsonProperty("PostRestore")
    POST_RESTORE("postrestore");

    private final String agentKind;

    BackupKind(String agentKind) {
        this.agentKind = agentKind;
    }

    /** @return the agent's {@code --kind} value (BackupName.MANUAL, FINAL, PRE_UPGRADE, PRE_RESTORE, POST_RESTORE) */
    public String agentKind() {
        return agentKind;
    }
}
