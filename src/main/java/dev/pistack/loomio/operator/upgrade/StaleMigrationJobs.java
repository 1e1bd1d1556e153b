package dev.pistack.loomio.operator.upgrade;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Deletes the migration Jobs of earlier images once the current image's migration has completed: until then they
 * are the history of what ran; after, clutter that would otherwise stay until the instance is deleted.
 */
public final class StaleMigrationJobs {
    private static final Logger LOG = Logger.getLogger(StaleMigrationJobs.class);

    private StaleMigrationJobs() {
    }

    /**
     * @param owned the instance's Jobs, as its informer cache holds them
     * @return the migration Jobs to delete: none while the current one has not completed
     */
    public static List<Job> stale(LoomioInstance instance, Collection<Job> owned) {
        String current = Names.migrationJob(instance);
        List<Job> migrations = MigrationJobs.of(owned);
        boolean currentDone = migrations.stream()
                .filter(j -> current.equals(j.getMetadata().getName()))
                .anyMatch(j -> MigrationJobs.has(j, "Complete"));
        return currentDone
                ? migrations.stream().filter(j -> !current.equals(j.getMetadata().getName())).toList()
                : List.of();
    }

    /** Deletes them (and their pods); a failure is logged and retried at the next reconcile. */
    public static void delete(KubernetesClient client, List<Job> stale) {
        for (Job job : stale) {
            try {
                client.resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            } catch (KubernetesClientException e) {
                LOG.warnf("could not delete old migration Job %s/%s: %s", job.getMetadata().getNamespace(),
                        job.getMetadata().getName(), e.getMessage());
            }
        }
    }
}
