package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Which instance to back up, and why. Immutable: a LoomioBackup is one run (CEL rule on LoomioBackup). */
public class LoomioBackupSpec {
    @JsonPropertyDescription("The LoomioInstance to back up, in this namespace.")
    @Required
    private InstanceReference instanceRef;

    @JsonPropertyDescription("Manual (default) or Final (the last backup before a planned stop or a delete)."
            + " Part of the backup's file name; retention never prunes either.")
    @Default("Manual")
    private BackupKind kind = BackupKind.MANUAL;

    public InstanceReference getInstanceRef() {
        return instanceRef;
    }

    public void setInstanceRef(InstanceReference instanceRef) {
        this.instanceRef = instanceRef;
    }

    public BackupKind getKind() {
        return kind;
    }

    public void setKind(BackupKind kind) {
        this.kind = kind;
    }
}
