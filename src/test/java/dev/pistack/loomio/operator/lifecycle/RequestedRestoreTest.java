package dev.pistack.loomio.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreSpec;
import dev.pistack.loomio.api.v1alpha1.SourceInstance;
import dev.pistack.loomio.operator.desired.OwnedBackup;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Observation;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Plan;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Step;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A LoomioRestore step by step, from what is observed: what runs, what Postgres is handed, what is recorded. */
class RequestedRestoreTest {
    private static final Instant NOW = Instant.parse("2026-12-06T15:00:00Z");
    private static final String CHOSEN = "loomio-hourly-20261206-120000.sql.gz.enc";
    private static final RestoreChoice CHOICE = new RestoreChoice(CHOSEN, "");

    private static LoomioRestore restore(String name) {
        LoomioRestore r = new LoomioRestore();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns").build());
        LoomioRestoreSpec spec = new LoomioRestoreSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        spec.setBackup(CHOSEN);
        r.setSpec(spec);
        return r;
    }

    private static Observation observed(boolean postgresScaledDown, boolean dataPodsGone, boolean appPodsGone,
            boolean postgresReady, Optional<LoomioBackup> backup, RestoreChoice choice, RestoreReport report) {
        return observed(postgresScaledDown, dataPodsGone, appPodsGone, postgresReady, backup, choice, report,
                Optional.empty());
    }

    private static Observation observed(boolean postgresScaledDown, boolean dataPodsGone, boolean appPodsGone,
            boolean postgresReady, Optional<LoomioBackup> backup, RestoreChoice choice, RestoreReport report,
            Optional<Job> uploadsJob) {
        return new Observation(true, postgresScaledDown, dataPodsGone, appPodsGone, postgresReady, backup, true,
                OptionalLong.empty(), choice, report, uploadsJob);
    }

    private static Optional<Job> job(String condition) {
        return Optional.of(new JobBuilder().withNewStatus().addNewCondition().withType(condition).withStatus("True")
                .withReason(condition.equals("Failed") ? "BackoffLimitExceeded" : null).endCondition().endStatus()
                .build());
    }

    private static Optional<LoomioBackup> backup(LoomioInstance i, String name, BackupKind kind, BackupPhase phase,
            String file) {
        LoomioBackup b = OwnedBackup.desired(i, name, "test", kind);
        b.setStatus(Samples.backupStatus(phase, name, file, "the target refused it"));
        return Optional.of(b);
    }

    private static Plan plan(LoomioInstance i, Optional<LoomioRestore> r, Observation o, String expectBackup) {
        return PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), r, backup -> {
            assertThat(backup).as("the LoomioBackup the step reads").isEqualTo(expectBackup);
            return o;
        }, NOW);
    }

    private static LoomioInstance after(LoomioInstance i, Plan plan) {
        i.setStatus(plan.record(new LoomioInstanceStatus()));
        return i;
    }

    @Test
    void aRestoreStopsTakesASafetyBackupRestoresTheChoiceBacksItUpThenStartsEverything() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Optional<LoomioRestore> r = Optional.of(restore("undo-deletion"));
        String safety = RequestedRestore.safetyBackupName(i, r.get());
        String post = RequestedRestore.postRestoreBackupName(i, "undo-deletion");
        assertThat(safety).matches("loomio-prerestore-[0-9a-f]{8}");

        Plan stopping = plan(i, r, observed(false, false, false, true, Optional.empty(), RestoreChoice.NEWEST,
                RestoreReport.NONE), safety);
        assertThat(stopping.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(stopping.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(stopping.choice()).as("nothing handed to Postgres while the data still runs")
                .isEqualTo(RestoreChoice.NEWEST);
        assertThat(stopping.records().restoreRequest().name()).isEqualTo("undo-deletion");

        after(i, stopping);
        Plan safetyBackup = plan(i, r, observed(false, false, true, true, Optional.empty(), RestoreChoice.NEWEST,
                RestoreReport.NONE), safety);
        assertThat(safetyBackup.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo(safety);
            assertThat(b.getSpec().getKind()).isEqualTo(BackupKind.PRE_RESTORE);
        });

        after(i, safetyBackup);
        Optional<LoomioBackup> safetyStored = backup(i, safety, BackupKind.PRE_RESTORE, BackupPhase.COMPLETED,
                "loomio-prerestore-20261206-150001.sql.gz.enc");
        Plan stopData = plan(i, r, observed(false, false, true, true, safetyStored, RestoreChoice.NEWEST,
                RestoreReport.NONE), safety);
        assertThat(stopData.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(stopData.tiers()).isEqualTo(Tiers.NONE);

        after(i, stopData);
        Plan stopped = plan(i, r, observed(true, true, true, false, safetyStored, RestoreChoice.NEWEST,
                RestoreReport.NONE), safety);
        assertThat(stopped.step()).isEqualTo(Step.PREPARING_RESTORE);
        assertThat(stopped.records().restoreRequest().dataStopped()).isTrue();

        after(i, stopped);
        Plan handing = plan(i, r, observed(true, true, true, false, safetyStored, RestoreChoice.NEWEST,
                RestoreReport.NONE), safety);
        assertThat(handing.step()).as("Postgres waits until the ConfigMap holds the choice")
                .isEqualTo(Step.PREPARING_RESTORE);
        assertThat(handing.tiers()).isEqualTo(Tiers.NONE);
        assertThat(handing.choice()).isEqualTo(CHOICE);
        assertThat(handing.deleteDataClaims()).as("development: the PVCs go, their data is in the safety backup")
                .isTrue();

        after(i, handing);
        Plan starting = plan(i, r, observed(true, true, true, false, safetyStored, CHOICE, RestoreReport.NONE),
                safety);
        assertThat(starting.step()).isEqualTo(Step.RESTORING);
        assertThat(starting.tiers()).as("the data tier only: nobody writes before the restored data is backed up")
                .isEqualTo(Tiers.DATA_ONLY);
        assertThat(starting.deleteDataClaims()).isFalse();
        assertThat(starting.records().restoreRequest().safetyBackupName())
                .isEqualTo("loomio-prerestore-20261206-150001.sql.gz.enc");

        after(i, starting);
        Plan restoring = plan(i, r, observed(false, false, true, false, Optional.empty(), CHOICE,
                RestoreReport.NONE), post);
        assertThat(restoring.step()).isEqualTo(Step.RESTORING);
        assertThat(restoring.choice()).isEqualTo(CHOICE);
        assertThat(restoring.view()).hasValueSatisfying(v -> assertThat(v.reason())
                .isEqualTo(ConditionReason.RESTORING_BACKUP));

        RestoreReport restored = new RestoreReport(CHOSEN, "Local", true, Optional.empty(), false);
        Plan uploads = plan(i, r, observed(false, false, true, true, Optional.empty(), CHOICE, restored), post);
        assertThat(uploads.step()).isEqualTo(Step.RESTORING);
        assertThat(uploads.startUploadsJob()).as("the uploads the volume lacks come back next").isTrue();
        assertThat(uploads.tiers()).isEqualTo(Tiers.DATA_ONLY);
        Plan uploading = plan(i, r, observed(false, false, true, true, Optional.empty(), CHOICE, restored,
                job("Running")), post);
        assertThat(uploading.startUploadsJob()).as("created once").isFalse();
        assertThat(uploading.step()).isEqualTo(Step.RESTORING);
        Plan uploadsFailed = plan(i, r, observed(false, false, true, true, Optional.empty(), CHOICE, restored,
                job("Failed")), post);
        assertThat(uploadsFailed.step()).isEqualTo(Step.BLOCKED);
        assertThat(uploadsFailed.message()).contains("BackoffLimitExceeded").contains("Delete Job loomio-uploads-");

        Plan backingUp = plan(i, r, observed(false, false, true, true, Optional.empty(), CHOICE, restored,
                job("Complete")), post);
        assertThat(backingUp.step()).isEqualTo(Step.BACKING_UP_RESTORED_DATA);
        assertThat(backingUp.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo(post);
            assertThat(b.getSpec().getKind()).isEqualTo(BackupKind.POST_RESTORE);
        });
        assertThat(backingUp.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(backingUp.choice()).as("kept until the restored data is the newest backup").isEqualTo(CHOICE);

        assertThat(backingUp.records().restoreRequest().uploadsRestored()).isTrue();
        after(i, backingUp);
        Plan done = plan(i, r, observed(false, false, true, true, backup(i, post, BackupKind.POST_RESTORE,
                BackupPhase.COMPLETED, "loomio-postrestore-20261206-150140.sql.gz.enc"), CHOICE, restored), post);
        assertThat(done.step()).isEqualTo(Step.RESTORE_FINISHED);
        assertThat(done.tiers()).isEqualTo(Tiers.ALL);
        assertThat(done.choice()).isEqualTo(RestoreChoice.NEWEST);
        assertThat(done.reason()).isEqualTo(ConditionReason.BACKUP_RESTORED);
        assertThat(done.message()).contains(CHOSEN).contains("loomio-postrestore-20261206-150140.sql.gz.enc")
                .contains("To undo it, restore loomio-prerestore-20261206-150001.sql.gz.enc");
        assertThat(done.records().restoreRequest().completedAt()).isEqualTo(NOW.toString());
        assertThat(done.records().restoreRequest().failure()).isNull();

        after(i, done);
        Plan awake = PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), Optional.empty(), backup -> {
            throw new AssertionError("nothing to observe once the restore is done");
        }, NOW.plusSeconds(60));
        assertThat(awake.step()).isEqualTo(Step.AWAKE);
        assertThat(awake.records().restoreRequest()).as("the last restore stays recorded")
                .isEqualTo(done.records().restoreRequest());
    }

    @Test
    void aChosenBackupThatCannotBeRestoredEndsFailedAndThePodRestoresTheSafetyBackup() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Optional<LoomioRestore> r = Optional.of(restore("typo"));
        String post = RequestedRestore.postRestoreBackupName(i, "typo");
        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RequestedRestore.record(r.get(), NOW).stopping("loomio-prerestore-1", true)
                .starting("loomio-prerestore-20261206-150001.sql.gz.enc", true));

        RestoreReport retried = new RestoreReport(null, null, false, Optional.of("restore-fetch failed: reading"
                + " failed"), false);
        Plan transient_ = plan(i, r, observed(false, false, true, false, Optional.empty(), CHOICE, retried), post);
        assertThat(transient_.step()).as("an I/O error is retried").isEqualTo(Step.RESTORING);
        assertThat(transient_.warning()).isTrue();

        RestoreReport notFound = new RestoreReport(null, null, false, Optional.of("restore-fetch failed: no target"
                + " holds backup " + CHOSEN), true);
        Plan stopping = plan(i, r, observed(false, false, true, false, Optional.empty(), CHOICE, notFound), post);
        assertThat(stopping.step()).as("Postgres waits in its failing init container: stop it")
                .isEqualTo(Step.PREPARING_RESTORE);
        assertThat(stopping.tiers()).isEqualTo(Tiers.NONE);
        assertThat(stopping.choice()).as("the choice is taken out before it starts again")
                .isEqualTo(RestoreChoice.NEWEST);
        assertThat(stopping.warning()).isTrue();
        assertThat(stopping.records().restoreRequest().failure()).contains("no target holds");
        assertThat(stopping.records().restoreRequest().finished()).isFalse();

        after(i, stopping);
        Plan stillRunning = PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), r,
                backup -> observed(true, false, true, false, Optional.empty(), RestoreChoice.NEWEST, notFound), NOW);
        assertThat(stillRunning.step()).as("until its pod is gone").isEqualTo(Step.PREPARING_RESTORE);

        Plan failed = PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), r,
                backup -> observed(true, true, true, false, Optional.empty(), RestoreChoice.NEWEST,
                        RestoreReport.NONE),
                NOW);
        assertThat(failed.step()).isEqualTo(Step.RESTORE_FINISHED);
        assertThat(failed.tiers()).isEqualTo(Tiers.ALL);
        assertThat(failed.choice()).isEqualTo(RestoreChoice.NEWEST);
        assertThat(failed.warning()).isTrue();
        assertThat(failed.reason()).isEqualTo(ConditionReason.LOOMIO_RESTORE_FAILED);
        assertThat(failed.message()).contains("no target holds backup " + CHOSEN)
                .contains("loomio-prerestore-20261206-150001.sql.gz.enc");
        assertThat(failed.records().restoreRequest().failure()).contains("no target holds");
        assertThat(failed.records().restoreRequest().completedAt()).isEqualTo(NOW.toString());
    }

    @Test
    void aPostgresThatRestoredSomethingElseIsStoppedAndStartedAgainWithTheChoice() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Optional<LoomioRestore> r = Optional.of(restore("late-configmap"));
        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RequestedRestore.record(r.get(), NOW).stopping("s", true).starting("f", true));
        RestoreReport newest = new RestoreReport("loomio-prerestore-20261206-150001.sql.gz.enc", "Local", false,
                Optional.empty(), false);
        Plan again = plan(i, r, observed(false, false, true, true, Optional.empty(), CHOICE, newest),
                RequestedRestore.postRestoreBackupName(i, "late-configmap"));
        assertThat(again.step()).isEqualTo(Step.PREPARING_RESTORE);
        assertThat(again.tiers()).isEqualTo(Tiers.NONE);
        assertThat(again.records().restoreRequest().dataStarted()).isFalse();
    }

    @Test
    void aFailedPostRestoreBackupKeepsTheAppTierStoppedAndTheChoiceInPlace() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Optional<LoomioRestore> r = Optional.of(restore("no-space"));
        String post = RequestedRestore.postRestoreBackupName(i, "no-space");
        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RequestedRestore.record(r.get(), NOW).stopping("s", true).starting("f", true));
        Plan blocked = plan(i, r, observed(false, false, true, true, backup(i, post, BackupKind.POST_RESTORE,
                BackupPhase.FAILED, null), CHOICE, new RestoreReport(CHOSEN, "Local", true, Optional.empty(), false),
                job("Complete")), post);
        assertThat(blocked.step()).isEqualTo(Step.BLOCKED);
        assertThat(blocked.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(blocked.choice()).isEqualTo(CHOICE);
        assertThat(blocked.message()).contains("the target refused it").contains("delete LoomioBackup " + post);
        assertThat(blocked.view()).hasValueSatisfying(v -> assertThat(v.blocked()).isTrue());
    }

    @Test
    void deletingTheLoomioRestoreCancelsItAndUndoesWhatStarted() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        LoomioRestore r = restore("changed-my-mind");
        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RequestedRestore.record(r, NOW).stopping("loomio-prerestore-1", true)
                .starting("loomio-prerestore-20261206-150001.sql.gz.enc", true));
        Plan stopping = PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), Optional.empty(),
                backup -> observed(false, false, true, true, Optional.empty(), CHOICE, RestoreReport.NONE), NOW);
        assertThat(stopping.step()).as("Postgres may hold the chosen data: stop it").isEqualTo(
                Step.PREPARING_RESTORE);
        assertThat(stopping.tiers()).isEqualTo(Tiers.NONE);
        assertThat(stopping.choice()).isEqualTo(RestoreChoice.NEWEST);
        after(i, stopping);
        Plan cancelled = PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), Optional.empty(),
                backup -> observed(true, true, true, false, Optional.empty(), RestoreChoice.NEWEST,
                        RestoreReport.NONE),
                NOW);
        assertThat(cancelled.step()).isEqualTo(Step.RESTORE_FINISHED);
        assertThat(cancelled.tiers()).as("back on the safety backup").isEqualTo(Tiers.ALL);
        assertThat(cancelled.records().restoreRequest().failure()).isEqualTo(RequestedRestore.CANCELLED);

        LoomioInstance early = Samples.load(Samples.PRODUCTION, "ns");
        early.setStatus(new LoomioInstanceStatus());
        early.getStatus().setRestoreRequest(RequestedRestore.record(r, NOW));
        Plan beforeStop = PlannedStop.plan(early, Optional.of(Environment.PRODUCTION), Optional.empty(),
                backup -> new Observation(true, false, false, false, true, Optional.empty(), true,
                        OptionalLong.empty()),
                NOW);
        assertThat(beforeStop.step()).isEqualTo(Step.AWAKE);
        assertThat(beforeStop.records().restoreRequest().failure()).isEqualTo(RequestedRestore.CANCELLED);
    }

    @Test
    void anInstanceWithoutBackupsRefusesTheRestoreAndKeepsRunning() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getSpec().getBackup().setSecretRef(null);
        Plan refused = plan(i, Optional.of(restore("nothing-to-restore")), null, null);
        assertThat(refused.step()).isEqualTo(Step.RESTORE_FINISHED);
        assertThat(refused.tiers()).isEqualTo(Tiers.ALL);
        assertThat(refused.records().restoreRequest().failure()).contains("no backup.secretRef");
    }

    @Test
    void aCloneHandsPostgresItsSourceWithTheChoice() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "staging");
        LoomioRestore r = restore("from-production");
        r.getSpec().setBackup(null);
        r.getSpec().setSource(new SourceInstance("prod", "loomio"));
        i.setStatus(new LoomioInstanceStatus());
        i.getStatus().setRestoreRequest(RequestedRestore.record(r, NOW).stopping("loomio-prerestore-1", true));
        Plan handing = plan(i, Optional.of(r), observed(true, true, true, false, Optional.empty(),
                RestoreChoice.NEWEST, RestoreReport.NONE), "loomio-prerestore-1");
        assertThat(handing.choice()).isEqualTo(new RestoreChoice("", "", "prod/loomio"));
        assertThat(handing.message()).contains("the newest backup of prod/loomio");
        assertThat(handing.records().restoreRequest().sourceInstance()).isEqualTo("prod/loomio");
    }
}
