package dev.pistack.loomio.api.v1alpha1;

/**
 * Condition types of a LoomioInstance (status.conditions[].type). They are API: docs/api.md, "Status", documents them.
 * Ready is the summary; Reconciling and Stalled are the pair kstatus (Flux, Helm 4 --wait) and Argo CD read.
 */
public enum ConditionType {
    READY("Ready"), DATABASE_READY("DatabaseReady"), REDIS_READY("RedisReady"), APP_READY("AppReady"),
    /** Backups are recent and off-site; only present when the instance has backups. */
    BACKUP_HEALTHY("BackupHealthy"),
    /**
     * The newest scheduled restore test passed; only present while restore tests are on and one has finished.
     */
    BACKUP_VERIFIED("BackupVerified"),
    /** RAM mode: the database's and Redis' memory are below ramWarningPercent; only present in RAM mode. */
    MEMORY_HEALTHY("MemoryHealthy"),
    /** spec.hibernate: True once nothing runs and the data is in a backup; only present while hibernate is true. */
    HIBERNATED("Hibernated"), RECONCILING("Reconciling"), STALLED("Stalled");

    private final String value;

    ConditionType(String value) {
        this.value = value;
    }

    /** @return the type as written in status, CamelCase (Kubernetes API conventions) */
    public String value() {
        return value;
    }
}
