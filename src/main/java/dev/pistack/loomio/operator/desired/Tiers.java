package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;

/**
 * Which parts of an instance run, and in which shape the data tier exists. The desired state follows it: the
 * Deployments' and StatefulSets' replicas (1 or 0), the CronJobs' {@code suspend}, and whether the Postgres and Redis
 * StatefulSets exist at all. Everything runs except while the instance stops on purpose (hibernation, a planned
 * restart, an environment switch), which stops it in order: app tier, then the data tier once the final backup is
 * stored.
 *
 * @param app the app, worker and hocuspocus Deployments
 * @param data the Postgres and Redis StatefulSets run (one replica each)
 * @param schedules the backup CronJob
 * @param dataEnvironment the environment the StatefulSets are shaped for (RAM or PVC): the one they were created
 *     with while a switch has not replaced them yet (their volumes cannot change in place); null means the spec's
 * @param dataTierPresent false while a switch replaces them: the StatefulSets are deleted, then created anew
 */
public record Tiers(boolean app, boolean data, boolean schedules, Environment dataEnvironment,
        boolean dataTierPresent) {
    /** Everything runs. */
    public static final Tiers ALL = new Tiers(true, true, true, null, true);
    /** The app tier and the schedules are stopped; the database still serves (a final backup). */
    public static final Tiers DATA_ONLY = new Tiers(false, true, false, null, true);
    /** Nothing runs. */
    public static final Tiers NONE = new Tiers(false, false, false, null, true);

    /** @return the same, with the StatefulSets shaped for that environment (null: the spec's) */
    public Tiers shapedFor(Environment environment) {
        return new Tiers(app, data, schedules, environment, dataTierPresent);
    }

    /** @return nothing running and the StatefulSets deleted, to be created anew in the spec's shape */
    public static Tiers replacingDataTier() {
        return new Tiers(false, false, false, null, false);
    }

    /**
     * @return the environment the data tier's StatefulSets are shaped for (RAM or PVC): the one they still have
     *     while a switch has not replaced them, else the spec's
     */
    public Environment dataShape(LoomioInstance i) {
        return dataEnvironment != null ? dataEnvironment : i.getSpec().getEnvironment();
    }

    static int replicas(boolean running) {
        return running ? 1 : 0;
    }
}
