package dev.pistack.loomio.operator.upgrade;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A failed migration as a problem the user must act on: the migration Job of spec.image has used up its retries, so
 * the new image's pods wait for ever in their migration gate. A pure function of the instance's Jobs.
 */
public final class MigrationProblems {
    private MigrationProblems() {
    }

    /**
     * @param jobs the instance's Jobs, as its informer cache holds them
     * @return one problem when the current image's migration Job failed, naming the way back: the image migrated
     *     before (status.release, or else the newest earlier migration Job that completed) and a LoomioRestore of
     *     the backup taken before the upgrade; none otherwise
     */
    public static List<Problem> of(LoomioInstance instance, Collection<Job> jobs) {
        String current = Names.migrationJob(instance);
        List<Job> migrations = MigrationJobs.of(jobs);
        boolean failed = migrations.stream().filter(j -> current.equals(j.getMetadata().getName()))
                .anyMatch(j -> MigrationJobs.has(j, "Failed"));
        if (!failed) {
            return List.of();
        }
        ReleaseStatus running = Releases.current(instance);
        Optional<String> previous = Optional.ofNullable(running).map(ReleaseStatus::image).or(() -> migrations.stream()
                .filter(j -> !current.equals(j.getMetadata().getName()) && MigrationJobs.has(j, "Complete"))
                .max(Comparator.comparing(j -> j.getMetadata().getCreationTimestamp()))
                .map(j -> j.getMetadata().getAnnotations().get(MigrationJob.IMAGE_ANNOTATION)));
        String back = previous.map(image -> "set spec.image back to " + image + " (the image migrated before)")
                .orElse("set spec.image back to the image that ran before");
        return List.of(new Problem(ConditionReason.MIGRATION_FAILED, "the migration Job " + current + " of image "
                + instance.getSpec().getImage() + " failed (kubectl logs job/" + current + "); the database may be"
                + " partly migrated" + (running == null ? "" : "; the app tier still runs " + running.reference())
                + ". To go back: " + back
                + ", then create a LoomioRestore whose spec.backup is the status.backupName of"
                + " LoomioBackup " + Names.preUpgradeBackup(instance) + " (the backup taken before the upgrade). Or"
                + " fix the cause and delete the Job: it runs again."));
    }
}
