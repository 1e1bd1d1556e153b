package dev.pistack.loomio.operator.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The restore init containers' states and termination messages into status.restore and DatabaseReady. */
class RestoreResultsTest {
    private static final String FETCHED = "{\"action\":\"restore\",\"status\":\"restored\",\"source\":\"drive\","
            + "\"name\":\"loomio-hourly-20261121-101700.sql.gz.enc\",\"attempts\":[{\"name\":"
            + "\"loomio-hourly-20261121-111700.sql.gz.enc\",\"target\":\"local\",\"reason\":\"truncated\","
            + "\"message\":\"cut short\"}],\"sqlBytes\":5000,\"durationSeconds\":1.5,\"keyFingerprint\":\"sha256:ab\"}";

    private static ContainerStatus done(String name, int exit, String message) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewTerminated().withExitCode(exit)
                .withFinishedAt("2026-11-21T12:00:09Z").withMessage(message).endTerminated().endState().build();
    }

    private static ContainerStatus crashLooping(String name, int exit, String message) {
        return new ContainerStatusBuilder().withName(name)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exit).withMessage(message).endTerminated()
                .endLastState().build();
    }

    private static ContainerStatus waiting(String name) {
        return new ContainerStatusBuilder().withName(name).withNewState().withNewWaiting()
                .withReason("PodInitializing").endWaiting().endState().build();
    }

    private static Optional<Pod> pod(ContainerStatus fetch, ContainerStatus apply) {
        return Optional.of(new PodBuilder().withNewMetadata().withName("loomio-postgres-0").endMetadata()
                .withNewStatus().withInitContainerStatuses(fetch, apply).endStatus().build());
    }

    @Test
    void aFinishedRestoreNamesItsSourceBackupAndTheRefusedNewerOnes() {
        RestoreResults.Observation o = RestoreResults.observe(pod(done(PostgresRestore.FETCH, 0, FETCHED),
                done(PostgresRestore.APPLY, 0,
                        "{\"action\":\"apply\",\"status\":\"restored\",\"durationSeconds\":4}")));
        RestoreStatus r = o.completed().orElseThrow();
        assertThat(r.source()).isEqualTo("Drive");
        assertThat(r.backup()).isEqualTo("loomio-hourly-20261121-101700.sql.gz.enc");
        assertThat(r.durationSeconds()).isEqualTo(5.5);
        assertThat(r.pod()).isEqualTo("loomio-postgres-0");
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).isEqualTo("Truncated"));
        assertThat(o.failure()).isEmpty();
    }

    @Test
    void startedFreshAndAlreadyInitialized() {
        assertThat(RestoreResults.observe(pod(done(PostgresRestore.FETCH, 0, "{\"status\":\"none\"}"),
                done(PostgresRestore.APPLY, 0, "{\"status\":\"none\"}"))).completed().orElseThrow().source())
                .isEqualTo("None");
        assertThat(RestoreResults.observe(pod(done(PostgresRestore.FETCH, 0, "{\"status\":\"skipped\"}"),
                done(PostgresRestore.APPLY, 0, "{\"status\":\"skipped\"}"))).completed().orElseThrow().source())
                .isEqualTo("Existing");
    }

    @Test
    void failuresSayWhyAndWhatToDo() {
        RestoreResults.Observation drive = RestoreResults.observe(pod(crashLooping(PostgresRestore.FETCH, 1,
                "{\"status\":\"failed\",\"keyFingerprint\":\"sha256:ab\",\"error\":\"reading x from drive failed;"
                        + " an I/O error is not a bad backup, so no older one is restored: 503\"}"),
                waiting(PostgresRestore.APPLY)));
        assertThat(drive.failure()).hasValueSatisfying(m -> assertThat(m).contains("restore-fetch failed (key"
                + " sha256:ab)").contains("503"));

        RestoreResults.Observation none = RestoreResults.observe(pod(crashLooping(PostgresRestore.FETCH, 3,
                "{\"status\":\"none\",\"keyFingerprint\":\"sha256:ab\"}"), waiting(PostgresRestore.APPLY)));
        assertThat(none.failure()).hasValueSatisfying(m -> assertThat(m).contains("no backup found")
                .contains("whenNoBackup: StartFresh").contains("sha256:ab"));

        RestoreResults.Observation tooBig = RestoreResults.observe(pod(done(PostgresRestore.FETCH, 0, FETCHED),
                crashLooping(PostgresRestore.APPLY, 1, "{\"action\":\"apply\",\"status\":\"failed\",\"error\":"
                        + "\"the backup does not fit postgres.dataSize\"}")));
        assertThat(tooBig.failure()).hasValueSatisfying(m -> assertThat(m).contains("does not fit"));
    }

    @Test
    void runningWhileAnInitContainerRuns() {
        ContainerStatus running = new ContainerStatusBuilder().withName(PostgresRestore.FETCH).withNewState()
                .withNewRunning().endRunning().endState().build();
        RestoreResults.Observation o = RestoreResults.observe(pod(running, waiting(PostgresRestore.APPLY)));
        assertThat(o.running()).isTrue();
        assertThat(o.completed()).isEmpty();
    }
}
