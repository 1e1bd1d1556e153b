package dev.pistack.loomio.operator.upgrade;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.operator.desired.ImageReference;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which Loomio release the app tier runs. A tag such as {@code loomio/loomio:3.5} moves with upstream's patch
 * releases, and a node pulls whatever it names when a pod starts there; the migration Job ran one particular image.
 * So the app, worker and hocuspocus run the digest the migration pod ran (status.release), never the tag: a moved tag
 * reaches them only through a new migration (a new spec.image, or annotation {@link MigrationJob#UPDATE_ANNOTATION}),
 * which a pre-upgrade backup precedes ({@link PreUpgradeBackup}). Pure functions of what they are given.
 */
public final class Releases {
    private Releases() {
    }

    /**
     * @param release the release the app tier runs, or null before the first migration completed
     * @return the image reference of the app, worker and hocuspocus: the release's, or spec.image before the first
     *     migration (its pods wait for it at their migration gate)
     */
    public static String image(LoomioInstance i, ReleaseStatus release) {
        return release == null ? i.getSpec().getImage() : release.reference();
    }

    /** @return the release in the instance's status, or null */
    public static ReleaseStatus current(LoomioInstance i) {
        return i.getStatus() == null ? null : i.getStatus().getRelease();
    }

    /**
     * A migration Job that completed since the status was written becomes the release.
     *
     * @param jobs the instance's Jobs, as its informer cache holds them
     * @param podsOfJob lists a Job's pods from the API server; called once per completed migration Job
     * @return the new release when the current migration Job ({@link Names#migrationJob}) completed and the status
     *     does not record that completion yet; empty otherwise
     */
    public static Optional<ReleaseStatus> observe(LoomioInstance i, Collection<Job> jobs,
            Function<String, List<Pod>> podsOfJob) {
        String name = Names.migrationJob(i);
        Optional<Job> done = MigrationJobs.of(jobs).stream()
                .filter(j -> name.equals(j.getMetadata().getName()))
                .filter(j -> MigrationJobs.has(j, "Complete"))
                .findFirst();
        if (done.isEmpty()) {
            return Optional.empty();
        }
        String image = i.getSpec().getImage();
        String request = MigrationJob.updateRequest(i);
        String completedAt = done.get().getStatus().getCompletionTime();
        ReleaseStatus recorded = current(i);
        if (recorded != null && image.equals(recorded.image())
                && Objects.equals(request, recorded.updateRequestedAt())
                && Objects.equals(completedAt, recorded.migratedAt())) {
            return Optional.empty();
        }
        String imageID = podsOfJob.apply(name).stream()
                .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .filter(c -> MigrationJob.CONTAINER.equals(c.getName()))
                .map(ContainerStatus::getImageID)
                .filter(id -> id != null && !id.isEmpty())
                .findFirst().orElse(null);
        String reference = ImageReference.pinned(image, imageID).orElse(image);
        return Optional.of(new ReleaseStatus(image, request, imageID, reference, completedAt));
    }

    /** @return the Event's message announcing a new release */
    public static String migrated(ReleaseStatus release) {
        boolean pinned = ImageReference.digest(release.reference()).isPresent();
        return "the migrations of " + release.image() + " completed; the app, worker and hocuspocus run "
                + release.reference() + (pinned
                        ? ""
                        : " (the node reported no repository digest: pods started after the tag moves wait at their"
                                + " migration gate until an update is requested)");
    }
}
