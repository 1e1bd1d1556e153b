package dev.pistack.loomio.contract;

/**
 * The agent's command line as the operator calls it: the subcommands, the flags and the environment variables that
 * the operator's pods pass (the agent declares its options with these names, so they cannot drift apart). Options
 * only people use (list, verify, prune, keygen) stay with the agent. The environment names are the seed system's
 * (its pg_dump cron container: DB_*, BACKUP_*, GDRIVE_*).
 */
public final class AgentCli {
    /** {@code agent backup}: dump, encrypt, store on every target, apply retention. */
    public static final String BACKUP = "backup";
    /** {@code agent restore}: the newest authentic backup, verified, as SQL. */
    public static final String RESTORE = "restore";
    /** {@code agent restore-test}: restore the newest backup into a scratch database and compare its rows. */
    public static final String RESTORE_TEST = "restore-test";

    /** {@code agent restore-uploads}: the newest authentic uploads into an empty uploads volume. */
    public static final String RESTORE_UPLOADS = "restore-uploads";
    /** Backup: the uploads volume, mounted read-only; restore-uploads: the volume to restore into. */
    public static final String UPLOADS_DIR = "--uploads-dir";

    /** The backup's kind, the middle of its file name (hourly, manual, final, preupgrade, …). */
    public static final String KIND = "--kind";
    /** Skip retention (a backup the operator takes besides the schedule). */
    public static final String NO_PRUNE = "--no-prune";
    /** Retention: the newest N scheduled backups. */
    public static final String KEEP_LAST = "--keep-last";
    /** Retention: the newest backup of each of the last N hours. */
    public static final String KEEP_HOURLY = "--keep-hourly";
    /** Retention: the newest backup of each of the last N days. */
    public static final String KEEP_DAILY = "--keep-daily";
    /** Retention: the newest backup of each of the last N ISO weeks. */
    public static final String KEEP_WEEKLY = "--keep-weekly";
    /** Retention: the newest backup of each of the last N months. */
    public static final String KEEP_MONTHLY = "--keep-monthly";
    /** Where to write the one-line JSON summary besides stdout (the operator: {@link #TERMINATION_LOG}). */
    public static final String SUMMARY_FILE = "--summary-file";
    /** Where encrypted files are staged when no local target holds them. */
    public static final String STAGING_DIR = "--staging-dir";
    /** Backup: the credentials Secret mounted as a directory; a sealed copy goes beside the backup. */
    public static final String CREDENTIALS_DIR = "--credentials-dir";

    /** Restore: write the verified SQL to this file instead of applying it. */
    public static final String OUTPUT = "--output";
    /** Restore: gzip what {@link #OUTPUT} writes. */
    public static final String GZIP = "--gzip";
    /** Restore: do nothing (status skipped) when this path exists (an initialized PGDATA). */
    public static final String UNLESS_EXISTS = "--unless-exists";
    /** Restore from another instance's off-site backups (a clone), {@code namespace/name}. */
    public static final String SOURCE_INSTANCE = "--source-instance";
    /**
     * Backup: take nothing when the database still has this change token (the newest stored backup's), and say
     * {@code skipped}.
     */
    public static final String SKIP_UNCHANGED_SINCE = "--skip-unchanged-since";
    /** Restore this backup (its file name), not the newest. */
    public static final String RESTORE_BACKUP = "--backup";
    /** Restore the newest backup taken at or before this time (RFC 3339). */
    public static final String RESTORE_BEFORE = "--before";

    /**
     * Restore and restore test: accept backups taken from this instance ({@code namespace/name}) instead of the one
     * {@link #ENV_INSTANCE} names; a clone or a renamed instance reads another's backups only when asked to.
     */
    public static final String FROM_INSTANCE = "--from-instance";

    /** The container's termination message, where the kubelet keeps the summary for the operator. */
    public static final String TERMINATION_LOG = "/dev/termination-log";

    /** The Fernet key or passphrase; never logged, never in a summary (only its fingerprint). */
    public static final String ENV_ENCRYPTION_KEY = "BACKUP_ENCRYPTION_KEY";
    /** The credentials Secret's mount, as {@link #CREDENTIALS_DIR}. */
    public static final String ENV_CREDENTIALS_DIR = "BACKUP_CREDENTIALS_DIR";
    /** The local target's directory. */
    public static final String ENV_LOCAL_DIR = "BACKUP_LOCAL_DIR";
    /** Restore: {@code start-fresh} or {@code fail} when no target holds any backup. */
    public static final String ENV_WHEN_NONE = "RESTORE_WHEN_NONE";
    /**
     * Restore: the file name of the newest backup known to be stored on any target (the operator's record), or empty;
     * with it a remote target that cannot be listed does not stop a restore from a target that holds one as new.
     */
    public static final String ENV_NEWEST_KNOWN = "RESTORE_NEWEST_KNOWN";
    /**
     * Restore: the file name of the one backup to restore (a LoomioRestore's choice), or empty for the newest; as
     * {@link #RESTORE_BACKUP}.
     */
    public static final String ENV_RESTORE_BACKUP = "RESTORE_BACKUP";
    /**
     * Restore: restore the newest backup taken at or before this time (RFC 3339), or empty for the newest; as
     * {@link #RESTORE_BEFORE}.
     */
    public static final String ENV_RESTORE_BEFORE = "RESTORE_BEFORE";
    /** Restore: another instance's off-site backups to restore from (a clone), {@code namespace/name}, or empty. */
    public static final String ENV_RESTORE_SOURCE = "RESTORE_SOURCE_INSTANCE";
    /** Backup: as {@link #SKIP_UNCHANGED_SINCE}; empty for none (the operator's value when it knows no token). */
    public static final String ENV_SKIP_UNCHANGED_SINCE = "BACKUP_SKIP_UNCHANGED_SINCE";
    /** Seconds between progress lines ({@code ProgressReport}) of a backup or a restore; 5 when unset. */
    public static final String ENV_PROGRESS_INTERVAL = "LOOMIO_PROGRESS_INTERVAL_SECONDS";
    /** The Drive subfolder of this instance's backups. */
    public static final String ENV_DRIVE_SUBFOLDER = "GDRIVE_SUBFOLDER";
    /**
     * The instance the agent works for, {@code namespace/name}: a backup records it, a restore refuses backups of
     * another instance.
     */
    public static final String ENV_INSTANCE = "LOOMIO_INSTANCE";
    /**
     * The folder of an instance's backups off the node, its Drive subfolder and its S3 key prefix: {@code
     * <namespace>.<name>}, unique in the cluster (a namespace name has no dots).
     *
     * @param instance {@code namespace/name}, as {@link #ENV_INSTANCE}
     * @throws IllegalArgumentException when it is not {@code namespace/name}
     */
    public static String instanceFolder(String instance) {
        String[] parts = instance.split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException(ENV_INSTANCE + " is not namespace/name");
        }
        return parts[0] + "." + parts[1];
    }

    /** The instance's metadata.uid, recorded in each backup beside {@link #ENV_INSTANCE}. */
    public static final String ENV_INSTANCE_UID = "LOOMIO_INSTANCE_UID";
    /** The database to dump: host (or a Unix socket directory). */
    public static final String ENV_DB_HOST = "DB_HOST";
    /** The database to dump: port. */
    public static final String ENV_DB_PORT = "DB_PORT";
    /** The database to dump: name. */
    public static final String ENV_DB_NAME = "DB_NAME";
    /** The database to dump: user. */
    public static final String ENV_DB_USER = "DB_USER";
    /** The database to dump: password. */
    public static final String ENV_DB_PASSWORD = "DB_PASSWORD";

    private AgentCli() {
    }
}
