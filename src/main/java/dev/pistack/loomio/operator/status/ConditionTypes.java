package dev.pistack.loomio.operator.status;

/** Condition types of a LoomioInstance. Reconciling and Stalled are the kstatus pair Flux and Argo CD read. */
public final class ConditionTypes {
    public static final String READY = "Ready";
    public static final String DATABASE_READY = "DatabaseReady";
    public static final String REDIS_READY = "RedisReady";
    public static final String APP_READY = "AppReady";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";

    private ConditionTypes() {
    }
}
