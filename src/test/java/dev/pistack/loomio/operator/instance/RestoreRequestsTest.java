package dev.pistack.loomio.operator.instance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestorePhase;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which LoomioRestore runs, and what each one's status says. */
class RestoreRequestsTest {
    private static LoomioRestore restore(String name, String created, RestorePhase phase) {
        LoomioRestore r = new LoomioRestore();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").withCreationTimestamp(created)
                .build());
        LoomioRestoreSpec spec = new LoomioRestoreSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        spec.setBefore("2026-12-06T14:30:00Z");
        r.setSpec(spec);
        if (phase != null) {
            r.setStatus(new LoomioRestoreStatus(phase, null, null, null, null, null, null, null, null));
        }
        return r;
    }

    private static final PlannedStop.Plan AWAKE = new PlannedStop.Plan(null, PlannedStop.Step.AWAKE, Tiers.ALL,
            new PlannedStop.Records(null, null, null), Optional.empty(), null, null, false);

    @Test
    void theOldestUnfinishedRestoreRunsOneAtATime() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        LoomioRestore done = restore("done", "2026-12-06T10:00:00Z", RestorePhase.COMPLETED);
        LoomioRestore second = restore("second", "2026-12-06T12:00:00Z", null);
        LoomioRestore first = restore("first", "2026-12-06T11:00:00Z", RestorePhase.PENDING);
        assertThat(RestoreRequests.active(i, List.of(done, second, first))).contains(first);

        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RestoreRequestStatus.begin("first", null, "2026-12-06T14:30:00Z", null,
                "2026-12-06T15:00:00Z").finish("2026-12-06T15:01:00Z", null));
        assertThat(RestoreRequests.active(i, List.of(done, second, first)))
                .as("finished by the record, though its own status was not written yet").contains(second);
    }

    @Test
    void aFinishedRestoreSaysTheSameWhateverTheReconcileThatWritesIt() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        RestoreRequestStatus record = RestoreRequestStatus.begin("first", null, "2026-12-06T14:30:00Z", null,
                "2026-12-06T15:00:00Z").stopping("loomio-prerestore-1a2b3c4d", true)
                .starting("loomio-prerestore-20261206-150001.sql.gz.enc", true)
                .restored("loomio-hourly-20261206-140000.sql.gz.enc", "Local", "loomio-postrestore-1a2b3c4d")
                .finish("2026-12-06T15:02:00Z", null);
        LoomioRestore first = restore("first", "2026-12-06T11:00:00Z", RestorePhase.BACKING_UP);
        LoomioRestore waiting = restore("second", "2026-12-06T12:00:00Z", null);

        List<LoomioRestore> written = RestoreRequests.statuses(i, List.of(first, waiting), record, AWAKE);
        assertThat(written).hasSize(2);
        LoomioRestoreStatus completed = written.get(0).getStatus();
        assertThat(completed.phase()).isEqualTo(RestorePhase.COMPLETED);
        assertThat(completed.restoredBackup()).isEqualTo("loomio-hourly-20261206-140000.sql.gz.enc");
        assertThat(completed.message()).contains("To undo it, restore loomio-prerestore-20261206-150001.sql.gz.enc");
        assertThat(written.get(1).getStatus().phase()).isEqualTo(RestorePhase.PENDING);

        first.setStatus(completed);
        assertThat(RestoreRequests.statuses(i, List.of(first), record, AWAKE)).as("nothing changes again")
                .isEmpty();
    }

    @Test
    void aRestoreWaitsWhileTheInstanceHibernates() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getSpec().setHibernate(true);
        List<LoomioRestore> written = RestoreRequests.statuses(i, List.of(restore("later", null, null)), null,
                AWAKE);
        assertThat(written).singleElement().satisfies(r -> {
            assertThat(r.getStatus().phase()).isEqualTo(RestorePhase.PENDING);
            assertThat(r.getStatus().message()).contains("hibernates");
        });
    }
}
