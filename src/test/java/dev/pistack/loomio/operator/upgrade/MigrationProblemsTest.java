package dev.pistack.loomio.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.MigrationJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationProblemsTest {
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");

    private static Job migration(String image, String created, String condition) {
        LoomioInstance at = Samples.load(Samples.PRODUCTION, "ns");
        at.getSpec().setImage(image);
        Job job = MigrationJob.desired(at, DatabaseLogin.LOOMIO);
        job.getMetadata().setCreationTimestamp(created);
        if (condition != null) {
            job.setStatus(new JobStatusBuilder()
                    .withConditions(new JobConditionBuilder().withType(condition).withStatus("True").build()).build());
        }
        return job;
    }

    @Test
    void aFailedMigrationOfTheCurrentImageNamesTheImageMigratedBefore() {
        List<Job> jobs = List.of(migration("loomio/loomio:3.2", "2026-11-01T00:00:00Z", "Complete"),
                migration("loomio/loomio:3.3", "2026-12-01T00:00:00Z", "Complete"),
                migration(instance.getSpec().getImage(), "2026-12-06T00:00:00Z", "Failed"));

        assertThat(MigrationProblems.of(instance, jobs)).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(ConditionReason.MIGRATION_FAILED);
            assertThat(p.message()).contains("of image loomio/loomio:3.5 failed")
                    .contains("set spec.image back to loomio/loomio:3.3 (the image migrated before)")
                    .contains("create a LoomioRestore whose spec.backup is the status.backupName of LoomioBackup");
        });
    }

    @Test
    void theRecordedReleaseIsTheWayBackAndStillRuns() {
        String pinned = "loomio/loomio@sha256:" + "c".repeat(64);
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setRelease(new ReleaseStatus("loomio/loomio:3.4", null, "docker.io/" + pinned, pinned,
                "2026-12-01T00:00:00Z"));
        instance.setStatus(status);
        List<Job> jobs = List.of(migration(instance.getSpec().getImage(), "2026-12-06T00:00:00Z", "Failed"));

        assertThat(MigrationProblems.of(instance, jobs)).singleElement().satisfies(p -> assertThat(p.message())
                .contains("the app tier still runs " + pinned)
                .contains("set spec.image back to loomio/loomio:3.4 (the image migrated before)"));
    }

    @Test
    void aRunningOrCompletedMigrationOrAnEarlierFailureIsNoProblem() {
        assertThat(MigrationProblems.of(instance, List.of(migration(instance.getSpec().getImage(),
                "2026-12-06T00:00:00Z", null)))).isEmpty();
        assertThat(MigrationProblems.of(instance, List.of(migration(instance.getSpec().getImage(),
                "2026-12-06T00:00:00Z", "Complete")))).isEmpty();
        assertThat(MigrationProblems.of(instance, List.of(migration("loomio/loomio:3.3", "2026-12-01T00:00:00Z",
                "Failed")))).as("a failure of an image no longer asked for").isEmpty();
    }
}
