package dev.pistack.loomio.operator.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.desired.MigrationJob;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecOrRequestChangedTest {
    private final SpecOrRequestChanged filter = new SpecOrRequestChanged();

    private static LoomioInstance at(long generation) {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setGeneration(generation);
        return i;
    }

    @Test
    void aStatusWriteIsNotAReasonToReconcile() {
        LoomioInstance written = at(3);
        written.setStatus(new LoomioInstanceStatus());
        written.getStatus().setObservedGeneration(3L);
        assertThat(filter.accept(written, at(3))).isFalse();
    }

    @Test
    void aNewSpecAnAnnotationRequestAFinalizerOrADeletionIs() {
        assertThat(filter.accept(at(4), at(3))).as("spec").isTrue();
        LoomioInstance requested = at(3);
        requested.getMetadata().setAnnotations(Map.of(MigrationJob.UPDATE_ANNOTATION, "2026-12-06T15:00:00Z"));
        assertThat(filter.accept(requested, at(3))).as("annotation").isTrue();
        LoomioInstance finalized = at(3);
        finalized.getMetadata().setFinalizers(List.of("loomioinstances.loomio.pistack.dev/finalizer"));
        assertThat(filter.accept(finalized, at(3))).as("finalizer").isTrue();
        LoomioInstance deleted = at(3);
        deleted.getMetadata().setDeletionTimestamp("2026-12-06T15:00:00Z");
        assertThat(filter.accept(deleted, at(3))).as("deletion").isTrue();
    }
}
