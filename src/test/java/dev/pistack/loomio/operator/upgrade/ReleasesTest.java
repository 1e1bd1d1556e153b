package dev.pistack.loomio.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.MigrationJob;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReleasesTest {
    private static final String DIGEST_A = "sha256:" + "a".repeat(64);
    private static final String DIGEST_B = "sha256:" + "b".repeat(64);
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");

    private static Job completed(LoomioInstance i, String at) {
        Job job = MigrationJob.desired(i, DatabaseLogin.LOOMIO);
        job.setStatus(new JobStatusBuilder().withCompletionTime(at)
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        return job;
    }

    private static Pod pod(String phase, String imageID) {
        return new PodBuilder().withNewStatus().withPhase(phase)
                .addNewContainerStatus().withName(MigrationJob.CONTAINER).withImageID(imageID).endContainerStatus()
                .endStatus().build();
    }

    private void recorded(ReleaseStatus release) {
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setRelease(release);
        instance.setStatus(status);
    }

    @Test
    void beforeTheFirstMigrationTheAppTierRunsSpecImage() {
        assertThat(Releases.observe(instance, List.of(MigrationJob.desired(instance, DatabaseLogin.LOOMIO)), job -> {
            throw new AssertionError("a running migration has no image to record yet");
        })).isEmpty();
        assertThat(Releases.image(instance, Releases.current(instance))).isEqualTo(instance.getSpec().getImage());
    }

    @Test
    void aCompletedMigrationBecomesTheReleaseAtTheDigestItsPodRan() {
        String image = instance.getSpec().getImage();
        ReleaseStatus release = Releases.observe(instance, List.of(completed(instance, "2026-12-06T10:00:00Z")),
                job -> List.of(pod("Failed", "docker.io/loomio/loomio@" + DIGEST_B),
                        pod("Succeeded", "docker.io/loomio/loomio@" + DIGEST_A)))
                .orElseThrow();
        assertThat(release).isEqualTo(new ReleaseStatus(image, null, "docker.io/loomio/loomio@" + DIGEST_A,
                "loomio/loomio@" + DIGEST_A, "2026-12-06T10:00:00Z"));
        assertThat(Releases.image(instance, release)).isEqualTo("loomio/loomio@" + DIGEST_A);
        assertThat(Releases.migrated(release)).contains("run loomio/loomio@" + DIGEST_A);
    }

    @Test
    void aRecordedCompletionIsNotReadAgainAndATagThatMovedDoesNotReachTheAppTier() {
        recorded(new ReleaseStatus(instance.getSpec().getImage(), null, "docker.io/loomio/loomio@" + DIGEST_A,
                "loomio/loomio@" + DIGEST_A, "2026-12-06T10:00:00Z"));
        AtomicInteger reads = new AtomicInteger();
        assertThat(Releases.observe(instance, List.of(completed(instance, "2026-12-06T10:00:00Z")), job -> {
            reads.incrementAndGet();
            return List.of(pod("Succeeded", "docker.io/loomio/loomio@" + DIGEST_B));
        })).isEmpty();
        assertThat(reads).hasValue(0);
        assertThat(Releases.image(instance, Releases.current(instance))).isEqualTo("loomio/loomio@" + DIGEST_A);
    }

    @Test
    void aNewImageKeepsTheOldReleaseRunningUntilItsMigrationCompletes() {
        recorded(new ReleaseStatus("loomio/loomio:3.3", null, "docker.io/loomio/loomio@" + DIGEST_A,
                "loomio/loomio@" + DIGEST_A, "2026-11-01T10:00:00Z"));
        LoomioInstance earlier = Samples.load(Samples.PRODUCTION, "ns");
        earlier.getSpec().setImage("loomio/loomio:3.3");
        List<Job> jobs = List.of(completed(earlier, "2026-11-01T10:00:00Z"),
                MigrationJob.desired(instance, DatabaseLogin.LOOMIO));
        assertThat(Releases.observe(instance, jobs, job -> List.of())).isEmpty();
        assertThat(Releases.image(instance, Releases.current(instance))).isEqualTo("loomio/loomio@" + DIGEST_A);
    }

    @Test
    void anUpdateRequestMigratesAgainAndItsDigestBecomesTheRelease() {
        recorded(new ReleaseStatus(instance.getSpec().getImage(), null, "docker.io/loomio/loomio@" + DIGEST_A,
                "loomio/loomio@" + DIGEST_A, "2026-12-06T10:00:00Z"));
        Job before = completed(instance, "2026-12-06T10:00:00Z");
        instance.getMetadata().setAnnotations(Map.of(MigrationJob.UPDATE_ANNOTATION, "2026-12-07T08:00:00Z"));
        Job update = MigrationJob.desired(instance, DatabaseLogin.LOOMIO);
        assertThat(update.getMetadata().getName()).as("a Job of its own").isNotEqualTo(before.getMetadata().getName());
        assertThat(update.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .as("the tag is pulled again").isEqualTo("Always");
        assertThat(before.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy())
                .as("without a request, the node's copy").isNull();

        assertThat(Releases.observe(instance, List.of(before, update), job -> List.of())).as("still running")
                .isEmpty();
        ReleaseStatus release = Releases.observe(instance, List.of(before, completed(instance, "2026-12-07T08:05:00Z")),
                job -> List.of(pod("Succeeded", "docker.io/loomio/loomio@" + DIGEST_B))).orElseThrow();
        assertThat(release.updateRequestedAt()).isEqualTo("2026-12-07T08:00:00Z");
        assertThat(release.reference()).isEqualTo("loomio/loomio@" + DIGEST_B);
    }

    @Test
    void aMigrationRunAgainOnResumeIsRecordedAgain() {
        recorded(new ReleaseStatus(instance.getSpec().getImage(), null, "docker.io/loomio/loomio@" + DIGEST_A,
                "loomio/loomio@" + DIGEST_A, "2026-12-06T10:00:00Z"));
        assertThat(Releases.observe(instance, List.of(completed(instance, "2026-12-08T07:00:00Z")),
                job -> List.of(pod("Succeeded", "docker.io/loomio/loomio@" + DIGEST_B))))
                .hasValueSatisfying(r -> assertThat(r.reference()).isEqualTo("loomio/loomio@" + DIGEST_B));
    }

    @Test
    void withoutARepositoryDigestTheTagRunsAndTheEventSaysWhatThatMeans() {
        ReleaseStatus release = Releases.observe(instance, List.of(completed(instance, "2026-12-06T10:00:00Z")),
                job -> List.of(pod("Succeeded", DIGEST_A))).orElseThrow();
        assertThat(release.reference()).isEqualTo(instance.getSpec().getImage());
        assertThat(Releases.migrated(release)).contains("no repository digest");
        assertThat(Releases.observe(instance, List.of(completed(instance, "2026-12-06T10:00:00Z")),
                job -> List.of()).orElseThrow().imageID()).as("its pod gone").isNull();
    }
}
