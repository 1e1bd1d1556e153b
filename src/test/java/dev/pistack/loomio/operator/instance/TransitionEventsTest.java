package dev.pistack.loomio.operator.instance;

import static dev.pistack.loomio.Samples.memory;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.operator.desired.UploadsRestoreContainer;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The Events of status transitions: memory (one on entering warning, one on critical, one on recovery, none while a
 * level holds), moving image tags, restores of the database and of the uploads.
 */
class TransitionEventsTest {
    private record Recorded(EventType type, ConditionReason reason, String message) {
    }

    private final List<Recorded> recorded = new ArrayList<>();
    private final EventRecorder events = new EventRecorder(null, Clock.systemUTC()) {
        @Override
        public void record(HasMetadata about, EventType type, ConditionReason reason, String message) {
            recorded.add(new Recorded(type, reason, message));
        }
    };
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");

    private void sampled(MemoryStatus memory) {
        Observed observed = new Observed(Optional.empty(), Optional.empty(), java.util.Map.of(), Optional.empty(),
                List.of(), List.of(), Optional.of(memory));
        LoomioInstanceStatus before = instance.getStatus();
        LoomioInstanceStatus after = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), now);
        TransitionEvents.record(events, instance, before, after);
        instance.setStatus(after);
        now = now.plusSeconds(60);
    }

    private List<ConditionReason> memoryReasons() {
        return recorded.stream().map(Recorded::reason)
                .filter(r -> r.value().startsWith("Memory")).toList();
    }

    private List<Recorded> movingTagEvents() {
        return recorded.stream().filter(r -> r.reason() == ConditionReason.MOVING_IMAGE_TAG).toList();
    }

    @Test
    void aMovingImageTagIsAWarningOncePerGeneration() {
        MemoryStatus memory = Samples.memory(100, 10, 50, false, null);
        instance.getSpec().setImage("loomio/loomio:stable");
        instance.getMetadata().setGeneration(1L);
        sampled(memory);
        sampled(memory);
        assertThat(movingTagEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(EventType.WARNING);
            assertThat(e.message()).contains("loomio/loomio:stable").contains("Pin a release series");
        });

        instance.getSpec().setImage("loomio/loomio:3.5");
        instance.getMetadata().setGeneration(2L);
        sampled(memory);
        assertThat(movingTagEvents()).as("a pinned series").hasSize(1);
    }

    @Test
    void aRestoreThatWentOnWithoutATargetIsAWarningBesideTheRestoredEvent() {
        Observed observed = new Observed(Optional.empty(), Optional.empty(), java.util.Map.of(), Optional.empty(),
                List.of(), List.of(), Optional.empty());
        LoomioInstanceStatus after = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), now);
        after.setRestore(new RestoreStatus("Local", "loomio-hourly-20261122-091700.sql.gz.enc", 1000L, 2.5,
                "2026-11-22T10:00:00Z", "loomio-postgres-0", null,
                "drive could not be listed (503); restored from what the other targets hold"));

        TransitionEvents.record(events, instance, null, after);
        TransitionEvents.record(events, instance, after, after);

        List<Recorded> restores = recorded.stream().filter(r -> r.reason().value().startsWith("Restored")).toList();
        assertThat(restores).extracting(Recorded::reason).as("once, when the restore is new")
                .containsExactly(ConditionReason.RESTORED, ConditionReason.RESTORED_WITHOUT_A_TARGET);
        assertThat(restores.get(1).type()).isEqualTo(EventType.WARNING);
        assertThat(restores.get(1).message()).contains("loomio-postgres-0").contains("drive could not be listed");
    }

    @Test
    void anUploadsRestoreReportedByThePostgresPodReachesStatusAndIsAnnouncedOnceWithoutRepeatingTheDatabasesRestore() {
        instance.setStatus(new LoomioInstanceStatus());
        instance.getStatus().setRestore(new RestoreStatus("Local", "loomio-hourly-20261122-091700.sql.gz.enc", 1000L,
                2.5, "2026-11-22T10:00:00Z", "loomio-postgres-0", null));
        Pod postgres = new PodBuilder().withNewMetadata().withName("loomio-postgres-0").endMetadata()
                .withNewStatus().addNewInitContainerStatus().withName(UploadsRestoreContainer.NAME)
                .withNewState().withNewTerminated().withExitCode(0).withFinishedAt("2026-11-22T10:01:00Z")
                .withMessage("{\"action\":\"restore-uploads\",\"status\":\"restored\",\"source\":\"s3\","
                        + "\"backup\":\"loomio-hourly-20261122-091700.sql.gz.enc\",\"files\":500,"
                        + "\"bytes\":209715200,\"durationSeconds\":12.5}")
                .endTerminated().endState().endInitContainerStatus().endStatus().build();
        Observed observed = new Observed(Optional.empty(), Optional.empty(), java.util.Map.of(), Optional.of(postgres),
                List.of(), List.of(), Optional.empty());

        LoomioInstanceStatus before = instance.getStatus();
        LoomioInstanceStatus after = StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), now);
        TransitionEvents.record(events, instance, before, after);
        instance.setStatus(after);
        TransitionEvents.record(events, instance, after,
                StatusCalculator.compute(instance, observed, Optional.empty(), List.of(), now));

        assertThat(after.getRestore().backup()).as("the database's restore is kept")
                .isEqualTo("loomio-hourly-20261122-091700.sql.gz.enc");
        assertThat(after.getRestore().uploads()).isEqualTo(new UploadsRestoreStatus("S3",
                "loomio-hourly-20261122-091700.sql.gz.enc", 500, 209715200L, 12.5, "2026-11-22T10:01:00Z",
                "loomio-postgres-0"));
        assertThat(recorded).extracting(Recorded::reason).as("once; the database's restore is not new")
                .containsExactly(ConditionReason.UPLOADS_RESTORED);
        assertThat(recorded.get(0).message()).contains("loomio-postgres-0").contains("500 uploaded files")
                .contains("from S3");
    }

    @Test
    void oneEventPerLevelChangeAndNoneWhileALevelHolds() {
        sampled(memory(500, 10, 50, false, null));
        assertThat(memoryReasons()).as("healthy from the start: nothing to announce").isEmpty();

        sampled(memory(830, 10, 50, false, null));
        sampled(memory(850, 10, 50, false, null));
        sampled(memory(810, 10, 50, false, null));
        assertThat(memoryReasons()).containsExactly(ConditionReason.MEMORY_WARNING);

        sampled(memory(930, 10, 50, false, null));
        sampled(memory(940, 10, 50, false, null));
        sampled(memory(500, 10, 50, false, null));
        assertThat(memoryReasons()).containsExactly(ConditionReason.MEMORY_WARNING, ConditionReason.MEMORY_CRITICAL,
                ConditionReason.MEMORY_WITHIN_LIMITS);
        Recorded recovery = recorded.get(recorded.size() - 1);
        assertThat(recovery.type()).isEqualTo(EventType.NORMAL);
        assertThat(recovery.message()).startsWith("recovered: below the warning threshold");
        assertThat(recorded.stream().filter(r -> r.reason() == ConditionReason.MEMORY_CRITICAL).findFirst()
                .orElseThrow().type()).isEqualTo(EventType.WARNING);
    }

    @Test
    void metricsBecomingUnavailableIsNoAlarm() {
        sampled(memory(500, 10, 50, false, null));
        sampled(new MemoryStatus("2026-11-22T10:01:00Z", null, null, null, null, null, null,
                List.of("database: the Postgres pod is not running")));
        assertThat(memoryReasons()).isEmpty();
    }
}
