package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which instance to restore, and to which backup: one of {@code backup} and {@code before}, or neither for a clone's
 * newest (CEL rules). Immutable (CEL rule on LoomioRestore).
 */
@ValidationRule(value = "!(has(self.backup) && has(self.before))",
        message = "give one of backup (a backup's file name) or before (an RFC 3339 time), not both")
@ValidationRule(value = "has(self.backup) || has(self.before) || has(self.source)",
        message = "give backup (a backup's file name, as status.backup or agent list shows it) or before (an RFC 3339"
                + " time: the newest backup taken at or before it is restored); only a clone (source) may give"
                + " neither, for the source's newest backup")
public class LoomioRestoreSpec {
    /** A backup's file name as the agent writes it, or the seed system's oldest pattern (BackupName). */
    static final String BACKUP_NAME = "^(loomio-[a-z]+-[0-9]{8}-[0-9]{6}\\.sql(\\.gz)?\\.enc"
            + "|loomio_backup_[0-9]{8}_[0-9]{6}\\.sql\\.enc)$";
    /** RFC 3339 with a zone, as Kubernetes writes times. */
    static final String TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";

    @JsonPropertyDescription("The LoomioInstance to restore, in this namespace.")
    @Required
    private InstanceReference instanceRef;

    @JsonPropertyDescription("The backup to restore, by its file name (e.g."
            + " loomio-hourly-20261206-140000.sql.gz.enc). When it is on no target or not authentic, nothing is"
            + " restored and the instance comes back as it was.")
    @Pattern(BACKUP_NAME)
    private String backup;

    @JsonPropertyDescription("Restore the newest authentic backup taken at or before this time (RFC 3339, e.g."
            + " 2026-12-06T14:30:00Z), by the UTC time in the backups' names.")
    @Pattern(TIME)
    private String before;

    @JsonPropertyDescription("A clone: restore another instance's backups (namespace and name) from the off-site"
            + " targets this instance's backup Secret names (the same key, Drive folder or S3 bucket); its local volume"
            + " is not read. The source is never written to; from then on this instance keeps its own backups.")
    private SourceInstance source;

    public SourceInstance getSource() {
        return source;
    }

    public void setSource(SourceInstance source) {
        this.source = source;
    }

    public InstanceReference getInstanceRef() {
        return instanceRef;
    }

    public void setInstanceRef(InstanceReference instanceRef) {
        this.instanceRef = instanceRef;
    }

    public String getBackup() {
        return backup;
    }

    public void setBackup(String backup) {
        this.backup = backup;
    }

    public String getBefore() {
        return before;
    }

    public void setBefore(String before) {
        this.before = before;
    }

    /** @return what is asked, for messages: {@code backup loomio-…} or {@code the newest backup at or before T} */
    public String describe() {
        String what = backup != null
                ? "backup " + backup
                : before != null ? "the newest backup at or before " + before : "the newest backup";
        return source == null ? what : what + " of " + source.path();
    }
}
