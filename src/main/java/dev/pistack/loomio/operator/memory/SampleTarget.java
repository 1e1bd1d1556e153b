package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What the sampler needs of one instance, as the last reconcile saw it in the informer caches.
 *
 * @param instance the instance (its spec gives the data sizes and thresholds)
 * @param postgresPod the Postgres pod, or null when it does not exist
 * @param redisPod the Redis pod, or null when it does not exist
 * @param databaseUser the role the size query logs in as ({@link DatabaseLogin#monitor} of the running pod)
 * @param password that role's password from the instance's credentials Secret, or null when it is not readable;
 *     never printed ({@link #toString()} leaves it out)
 * @param redisPassword Redis' password from the same Secret, or null (a Secret of an earlier version lacks it until
 *     the operator adds it); never printed either
 */
public record SampleTarget(LoomioInstance instance, Pod postgresPod, Pod redisPod, String databaseUser, String password,
        String redisPassword) {
    @Override
    public String toString() {
        return "SampleTarget[" + instance.getMetadata().getNamespace() + "/" + instance.getMetadata().getName() + "]";
    }
}
