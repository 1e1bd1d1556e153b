package dev.pistack.loomio.operator.desired;

/**
 * Which parts of an instance run. The desired state follows it: the Deployments' and StatefulSets' replicas (1 or 0)
 * and the CronJobs' {@code suspend}. Everything runs except while the instance hibernates, which stops them in order
 * (app tier, then the data tier once the final backup is stored).
 *
 * @param app the app, worker, channels and hocuspocus Deployments
 * @param data the Postgres and Redis StatefulSets
 * @param schedules the hourly-tasks and backup CronJobs
 */
public record Tiers(boolean app, boolean data, boolean schedules) {
    /** Everything runs. */
    public static final Tiers ALL = new Tiers(true, true, true);
    /** The app tier and the schedules are stopped; the database still serves (a final backup). */
    public static final Tiers DATA_ONLY = new Tiers(false, true, false);
    /** Nothing runs. */
    public static final Tiers NONE = new Tiers(false, false, false);

    static int replicas(boolean running) {
        return running ? 1 : 0;
    }
}
