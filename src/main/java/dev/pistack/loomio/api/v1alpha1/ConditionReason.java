package dev.pistack.loomio.api.v1alpha1;

/**
 * Every reason a LoomioInstance or LoomioBackup condition can carry (status.conditions[].reason), and so every reason
 * of the Events that announce a condition's transition. They are API: docs/api.md, "Status", documents them; tools and alert rules may
 * match on them. CamelCase, as Kubernetes API conventions require.
 */
public enum ConditionReason {
    /** Ready: everything serves; also the reason of a component condition whose pods are ready. */
    READY("Ready"),
    /** Ready: some component is not ready yet; the message says which. */
    COMPONENTS_NOT_READY("ComponentsNotReady"),
    /** A component's StatefulSet or Deployment does not exist yet. */
    NOT_CREATED("NotCreated"),
    /** A StatefulSet has fewer ready pods than replicas. */
    PODS_NOT_READY("PodsNotReady"),
    /** RAM mode: the pod serves, but runs an older spec until it is deliberately restarted (OnDelete). */
    RESTART_PENDING("RestartPending"),
    /** AppReady: the app, worker and hocuspocus Deployments have an available pod. */
    AVAILABLE("Available"),
    /** AppReady: some Deployment has no available pod. */
    UNAVAILABLE("Unavailable"),
    /** Reconciling: the operator works towards the spec (children being applied, pods starting, rollouts). */
    PROGRESSING("Progressing"),
    /** Reconciling False: the observed state matches the spec, or is blocked (then Stalled says why). */
    RECONCILED("Reconciled"),
    /** Stalled False. */
    NO_PROBLEMS("NoProblems"),
    /** Stalled and Ready: spec.smtpSecretRef names a Secret that does not exist. */
    SMTP_SECRET_MISSING("SmtpSecretMissing"),
    /** Stalled and Ready: spec.backup.secretRef names a Secret that does not exist. */
    BACKUP_SECRET_MISSING("BackupSecretMissing"),
    /** Stalled and Ready: the backup Secret has no BACKUP_ENCRYPTION_KEY. */
    BACKUP_KEY_MISSING("BackupKeyMissing"),
    /** Stalled and Ready: the backup Secret's GDRIVE_* or S3_* settings are incomplete or malformed. */
    BACKUP_SETTINGS_INVALID("BackupSettingsInvalid"),
    /**
     * Stalled and Ready: the credentials Secret does not exist and the off-site targets could not tell whether they
     * hold a copy (unreachable, or copies that are not authentic under the key): nothing is generated until they can.
     */
    CREDENTIALS_RECOVERY_FAILED("CredentialsRecoveryFailed"),
    /** Event: the credentials Secret was taken back from an off-site target's copy. */
    CREDENTIALS_RECOVERED("CredentialsRecovered"),
    /** Event: no off-site target holds a copy of the credentials Secret: a new install, new values generated. */
    CREDENTIALS_GENERATED("CredentialsGenerated"),
    /** DatabaseReady: the restore init containers run. */
    RESTORING("Restoring"),
    /** DatabaseReady: a restore init container failed; the message names the cause and the key's fingerprint. */
    RESTORE_FAILED("RestoreFailed"),
    /** BackupHealthy True: the last backup is younger than backupWarningAge and off-site. */
    BACKUP_RECENT("BackupRecent"),
    /** BackupHealthy: no backup has succeeded yet. */
    NO_BACKUP_YET("NoBackupYet"),
    /** BackupHealthy: the newest run failed (also the Warning Event of a failed run). */
    BACKUP_FAILED("BackupFailed"),
    /** BackupHealthy: the last success is older than backupWarningAge. */
    BACKUP_OLD("BackupOld"),
    /**
     * BackupHealthy: the last success is dated ahead of the operator's clock: a clock that ran ahead stamped it, and
     * the agent stores no backup older than the newest, so every later run fails until the clock passes it.
     */
    BACKUP_DATED_IN_THE_FUTURE("BackupDatedInTheFuture"),
    /** BackupHealthy: the last success is older than backupCriticalAge. */
    BACKUP_CRITICALLY_OLD("BackupCriticallyOld"),
    /** BackupHealthy: production, and the last backup reached no off-site target (Drive is not configured). */
    NO_OFFSITE_TARGET("NoOffsiteTarget"),
    /** MemoryHealthy True: every figure is below ramWarningPercent (also the Normal Event of a recovery). */
    MEMORY_WITHIN_LIMITS("MemoryWithinLimits"),
    /** MemoryHealthy False: the worst figure reached ramWarningPercent; the message names it and what to do. */
    MEMORY_WARNING("MemoryWarning"),
    /** MemoryHealthy False: the worst figure reached ramCriticalPercent, or the node is under memory pressure. */
    MEMORY_CRITICAL("MemoryCritical"),
    /** MemoryHealthy Unknown: no figure could be read (pods not running, metrics not served); not an alarm. */
    MEMORY_METRICS_UNAVAILABLE("MetricsUnavailable"),
    /** MemoryHealthy Unknown: the first sample is not taken yet. */
    MEMORY_NOT_SAMPLED("NotSampledYet"),
    /** BackupVerified True: the newest restore test restored its backup and every table held the backup's rows. */
    RESTORE_TEST_PASSED("RestoreTestPassed"),
    /** BackupVerified False (also its Warning Event): the newest restore test failed; the message names the backup. */
    RESTORE_TEST_FAILED("RestoreTestFailed"),
    /**
     * Event (Warning): an alarm's e-mail or webhook could not be delivered after its retries (spec.monitoring.notify);
     * the message names the channel, the alarm and the cause, never the webhook URL.
     */
    NOTIFICATION_FAILED("NotificationFailed"),
    /** Event: a backup succeeded. */
    BACKUP_SUCCEEDED("BackupSucceeded"),
    /** Event: the Postgres pod restored a backup. */
    RESTORED("Restored"),
    /** Event: the Postgres pod restored the uploads volume from a backup. */
    UPLOADS_RESTORED("UploadsRestored"),
    /** Event (Warning): the restore succeeded without an off-site target that could not be listed. */
    RESTORED_WITHOUT_A_TARGET("RestoredWithoutATarget"),
    /** Event (Warning): the Postgres pod started with an empty database, no backup existing. */
    STARTED_FRESH("StartedFresh"),
    /** Stalled and Ready: the backup before the migration of a new image failed; the migration waits. */
    PRE_UPGRADE_BACKUP_FAILED("PreUpgradeBackupFailed"),
    /** Event: the backup before the migration of a new image was created. */
    BACKING_UP_BEFORE_UPGRADE("BackingUpBeforeUpgrade"),
    /** Stalled and Ready: the migration Job of spec.image failed; the message names the way back. */
    MIGRATION_FAILED("MigrationFailed"),
    /** Event: a migration Job completed; the app tier now runs the digest it migrated (status.release). */
    MIGRATED("Migrated"),
    /** Event (Warning): spec.image names a moving tag (latest, stable, or none), not a release series or digest. */
    MOVING_IMAGE_TAG("MovingImageTag"),
    /** Stalled and Ready: the API server refused a child; the message names the child and the API server's reason. */
    APPLY_FAILED("ApplyFailed"),
    /** LoomioBackup, Ready False: the referenced LoomioInstance does not exist (yet); it is looked for again. */
    INSTANCE_NOT_FOUND("InstanceNotFound"),
    /** LoomioBackup, Stalled: the instance has no spec.backup.secretRef, so nothing can be backed up. */
    BACKUPS_NOT_CONFIGURED("BackupsNotConfigured"),
    /** LoomioBackup, Ready False: the instance's database is not ready; the backup starts once it is. */
    DATABASE_NOT_READY("DatabaseNotReady"),
    /** LoomioBackup, Ready False: another backup of the same instance runs or is older and waiting; one at a time. */
    QUEUED("Queued"),
    /** LoomioBackup, Ready False: its Job runs the agent. */
    BACKUP_RUNNING("BackupRunning"),
    /** LoomioBackup, Stalled: the agent ran out of memory. */
    BACKUP_OOM_KILLED("BackupOOMKilled"),
    /** LoomioBackup, Stalled: the backup did not finish within its Job's deadline. */
    BACKUP_DEADLINE_EXCEEDED("BackupDeadlineExceeded"),
    /** LoomioBackup, Stalled: the backup pod failed without the agent's summary; the message has its log's tail. */
    BACKUP_POD_FAILED("BackupPodFailed"),
    /** LoomioBackup, Stalled: its Job is gone or failed without a finished pod. */
    BACKUP_JOB_FAILED("BackupJobFailed"),
    /** LoomioInstance being deleted, Ready False: the app tier is stopped and the final backup runs. */
    FINAL_BACKUP_RUNNING("FinalBackupRunning"),
    /** LoomioInstance being deleted, Ready False: a Required final backup runs longer than its timeout. */
    FINAL_BACKUP_LATE("FinalBackupLate"),
    /** Event: the final backup is stored; deletion goes on. */
    FINAL_BACKUP_COMPLETED("FinalBackupCompleted"),
    /** LoomioInstance being deleted, Ready False (Required) or Event (BestEffort): the final backup failed. */
    FINAL_BACKUP_FAILED("FinalBackupFailed"),
    /** Event: deleted without a final backup, as the policy or the annotation says. */
    FINAL_BACKUP_SKIPPED("FinalBackupSkipped"),
    /** Event (Warning): no final backup could be taken (the Postgres pod is gone); the message names the newest. */
    FINAL_BACKUP_IMPOSSIBLE("FinalBackupImpossible"),
    /** LoomioBackup, Ready True: the backup is stored on every target. */
    BACKUP_COMPLETED("BackupCompleted"),
    /**
     * Hibernated False (Ready False, Reconciling True), or Ready False while the instance is deleted: the app tier is
     * stopping before the final backup.
     */
    STOPPING_APP_TIER("StoppingAppTier"),
    /** Hibernated False (Ready False, Reconciling True): the hibernation's final backup waits or runs. */
    TAKING_FINAL_BACKUP("TakingFinalBackup"),
    /** Hibernated False (Ready False, Reconciling True): Postgres and Redis are stopping. */
    STOPPING_DATA_TIER("StoppingDataTier"),
    /** Hibernated True, and Ready and the component conditions False: nothing runs, the data is in a backup. */
    HIBERNATED("Hibernated"),
    /** Hibernated False, Stalled True: no final backup can be taken; the message says why and how to override. */
    PLANNED_STOP_BLOCKED("PlannedStopBlocked"),
    /** Event: a planned restart stopped Postgres and Redis and starts everything again. */
    RESTARTING_DATA_TIER("RestartingDataTier"),
    /** DatabaseReady, RedisReady, AppReady: stopped by a planned restart, which starts them again. */
    STOPPED_FOR_RESTART("StoppedForRestart"),
    /** Stalled, Ready: a switch to production was refused before anything stopped (the data does not fit). */
    ENVIRONMENT_SWITCH_REFUSED("EnvironmentSwitchRefused"),
    /** Ready, Reconciling: a switch deletes the StatefulSets and data PVCs to create them in the other shape. */
    REPLACING_DATA_TIER("ReplacingDataTier"),
    /** Event: a switch created the data tier anew; Postgres restores the final backup. */
    ENVIRONMENT_SWITCHED("EnvironmentSwitched"),
    /** Ready False, Reconciling True: a LoomioRestore's safety backup was taken; its choice goes to Postgres. */
    PREPARING_RESTORE("PreparingRestore"),
    /** Ready False, Reconciling True: Postgres restores the backup a LoomioRestore chose; the app tier waits. */
    RESTORING_BACKUP("RestoringBackup"),
    /** Ready False, Reconciling True: the restored data is backed up (PostRestore) before the app tier starts. */
    BACKING_UP_RESTORED_DATA("BackingUpRestoredData"),
    /** Event: a LoomioRestore completed; the message says what was restored and how to undo it. */
    BACKUP_RESTORED("BackupRestored"),
    /** Event (Warning): a LoomioRestore restored nothing; the instance runs on the data it had. */
    LOOMIO_RESTORE_FAILED("LoomioRestoreFailed"),
    /** Event: spec.hibernate became false; Postgres restores the hibernation's backup and the app tier starts. */
    RESUMING("Resuming");

    private final String value;

    ConditionReason(String value) {
        this.value = value;
    }

    /**
     * @param value a reason as written in status
     * @return its constant
     * @throws IllegalArgumentException when no constant has that value
     */
    public static ConditionReason of(String value) {
        for (ConditionReason r : values()) {
            if (r.value.equals(value)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a condition reason of this operator: " + value);
    }

    /** @return the reason as written in status and Events */
    public String value() {
        return value;
    }
}
