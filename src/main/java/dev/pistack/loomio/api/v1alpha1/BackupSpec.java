package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

/**
 * Scheduled, encrypted backups of the database by the backup agent: a CronJob per instance, to a local PVC and to
 * Google Drive, each instance in a Drive folder of its own.
 */
@ValidationRule(value = "!has(self.restoreTest) || !self.restoreTest.enabled || has(self.secretRef)",
        message = "backup.restoreTest restores the newest backup, and there are none without backup.secretRef: set"
                + " backup.secretRef, or restoreTest.enabled false")
@ValidationRule(value = "!has(self.secretRef) || (has(self.secretRef.name) && size(self.secretRef.name) <= 253"
        + " && self.secretRef.name.matches('" + Validation.DNS_NAME_CEL + "'))",
        message = "backup.secretRef.name must name a Secret: lower-case letters, digits, '-' and '.'",
        fieldPath = ".secretRef.name")
@ValidationRule(value = "!has(self.driveSecretRef) || (has(self.driveSecretRef.name)"
        + " && size(self.driveSecretRef.name) <= 253 && self.driveSecretRef.name.matches('" + Validation.DNS_NAME_CEL
        + "'))", message = "backup.driveSecretRef.name must name a Secret: lower-case letters, digits, '-' and '.'",
        fieldPath = ".driveSecretRef.name")
@ValidationRule(value = "!has(self.driveSecretRef) || has(self.secretRef)",
        message = "backup.driveSecretRef holds only the Drive credential: set backup.secretRef (the backup key) too")
public class BackupSpec {
    /** Hourly at minute 17: off the full hour, when scheduled work (Loomio's own hourly jobs included) piles up. */
    public static final String DEFAULT_SCHEDULE = "17 * * * *";

    @JsonPropertyDescription("Secret in this namespace with BACKUP_ENCRYPTION_KEY (a Fernet key from `agent keygen`,"
            + " or the seed system's passphrase) and, for Google Drive, GDRIVE_FOLDER_ID with OAuth (GDRIVE_CLIENT_ID,"
            + " GDRIVE_CLIENT_SECRET, GDRIVE_REFRESH_TOKEN or GDRIVE_TOKEN) or service-account (GDRIVE_CREDENTIALS,"
            + " GDRIVE_SUBJECT) credentials, for an S3-compatible store S3_BUCKET, S3_ACCESS_KEY_ID,"
            + " S3_SECRET_ACCESS_KEY and optionally S3_ENDPOINT, S3_REGION, S3_FORCE_PATH_STYLE, S3_PREFIX. Drive is"
            + " used when GDRIVE_FOLDER_ID is set, S3 when S3_BUCKET is. Required in production. Keep a copy of the"
            + " key outside the cluster: without it no backup can be restored.")
    private LocalObjectReference secretRef;

    @JsonPropertyDescription("Secret in this namespace with the Google Drive settings (the GDRIVE_* keys described"
            + " under secretRef), kept apart from the backup key: who may read or rotate the Drive credential then"
            + " need not see the key. Its keys take precedence over the same keys in secretRef.")
    private LocalObjectReference driveSecretRef;

    @JsonPropertyDescription("When backups run: a cron expression in UTC. Default hourly at minute 17, off the full"
            + " hour when other scheduled work runs.")
    @Default(DEFAULT_SCHEDULE)
    @Size(max = 100)
    @ValidationRule(value = Validation.CRON_RULE, message = "backup.schedule" + Validation.CRON_MESSAGE
            + ", for example '17 * * * *' for every hour at minute 17")
    private String schedule = DEFAULT_SCHEDULE;

    @JsonPropertyDescription("A scheduled run takes nothing when the database has not changed since the last"
            + " successful backup (PostgreSQL's own statistics say so: rows inserted, updated or deleted, schema"
            + " changes, sequences, restarts; Solid Queue's bookkeeping does not count), and status.backup.lastSkipped"
            + " records it: an idle instance costs no upload, so a short schedule (every 5 minutes) costs little."
            + " LoomioBackups never skip.")
    @Default("true")
    private boolean skipUnchanged = true;

    @JsonPropertyDescription("Which scheduled backups each target keeps; manual and final backups are never pruned.")
    @Default("{}")
    private BackupRetention retention = new BackupRetention();

    @JsonPropertyDescription("The local backup PVC.")
    @Default("{}")
    private LocalBackupSpec local = new LocalBackupSpec();

    public LocalObjectReference getSecretRef() {
        return secretRef;
    }

    public void setSecretRef(LocalObjectReference secretRef) {
        this.secretRef = secretRef;
    }

    public LocalObjectReference getDriveSecretRef() {
        return driveSecretRef;
    }

    public void setDriveSecretRef(LocalObjectReference driveSecretRef) {
        this.driveSecretRef = driveSecretRef;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public boolean isSkipUnchanged() {
        return skipUnchanged;
    }

    public void setSkipUnchanged(boolean skipUnchanged) {
        this.skipUnchanged = skipUnchanged;
    }

    public BackupRetention getRetention() {
        return retention;
    }

    public void setRetention(BackupRetention retention) {
        this.retention = retention;
    }

    @JsonPropertyDescription("The final backup on delete.")
    @Default("{}")
    private FinalBackupSpec finalBackup = new FinalBackupSpec();

    public FinalBackupSpec getFinalBackup() {
        return finalBackup;
    }

    public void setFinalBackup(FinalBackupSpec finalBackup) {
        this.finalBackup = finalBackup;
    }

    @JsonPropertyDescription("A scheduled restore test of the newest backup (off by default).")
    @Default("{}")
    private RestoreTestSpec restoreTest = new RestoreTestSpec();

    public RestoreTestSpec getRestoreTest() {
        return restoreTest;
    }

    public void setRestoreTest(RestoreTestSpec restoreTest) {
        this.restoreTest = restoreTest;
    }

    public LocalBackupSpec getLocal() {
        return local;
    }

    public void setLocal(LocalBackupSpec local) {
        this.local = local;
    }
}
