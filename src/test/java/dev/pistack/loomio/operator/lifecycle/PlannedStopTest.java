package dev.pistack.loomio.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.RestartStatus;
import dev.pistack.loomio.api.v1alpha1.SwitchStatus;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Observation;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Plan;
import dev.pistack.loomio.operator.lifecycle.PlannedStop.Step;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** PlannedStop step by step: what runs, what is created, what the status says, from what is observed. */
class PlannedStopTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Observation APP_RUNNING = new Observation(true, false, false, false, true, Optional.empty(),
            true, OptionalLong.empty());
    private static final Observation APP_GONE = new Observation(true, false, false, true, true, Optional.empty(), true,
            OptionalLong.empty());

    static LoomioInstance hibernating() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setGeneration(7L);
        i.getSpec().setHibernate(true);
        return i;
    }

    /** The status the reconciler wrote after {@code plan}. */
    static LoomioInstance after(LoomioInstance i, Plan plan) {
        i.setStatus(plan.record(new LoomioInstanceStatus()));
        return i;
    }

    static Optional<LoomioBackup> backup(String name, BackupPhase phase, String error) {
        LoomioBackup b = PlannedStop.desiredBackup(hibernating(), name);
        b.setStatus(Samples.backupStatus(phase, name, "loomio-final-20261122-100003.sql.gz.enc", error));
        return Optional.of(b);
    }

    static Plan plan(LoomioInstance i, Observation o) {
        Optional<Environment> shape = o.postgresExists()
                ? Optional.of(i.getSpec().getEnvironment())
                : Optional.empty();
        return PlannedStop.plan(i, shape, backup -> {
            // What the stop reads is the backup it creates (or recorded).
            o.backup().ifPresent(b -> assertThat(backup).isEqualTo(b.getMetadata().getName()));
            return o;
        }, NOW);
    }

    @Test
    void awakeRunsEverything() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Plan plan = plan(i, APP_RUNNING);
        assertThat(plan.step()).isEqualTo(Step.AWAKE);
        assertThat(plan.tiers()).isEqualTo(Tiers.ALL);
        assertThat(plan.view()).isEmpty();
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void stopsTheAppTierThenBacksUpThenStopsTheDataTier() {
        LoomioInstance i = hibernating();
        Plan first = plan(i, APP_RUNNING);
        assertThat(first.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(first.tiers()).as("the database serves the backup").isEqualTo(Tiers.DATA_ONLY);
        assertThat(first.create()).as("no backup while the app may still write").isEmpty();
        assertThat(first.records().hibernation()).isEqualTo(new HibernationStatus("loomio-hibernate-7", 7L));
        assertThat(first.inTransition()).isTrue();

        after(i, first).getMetadata().setGeneration(8L); // an unrelated edit meanwhile keeps the same backup
        Plan second = plan(i, APP_GONE);
        assertThat(second.step()).isEqualTo(Step.TAKING_FINAL_BACKUP);
        assertThat(second.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo("loomio-hibernate-7");
            assertThat(b.getSpec().getKind()).isEqualTo(BackupKind.FINAL);
            assertThat(b.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo("loomio"));
        });
        assertThat(second.tiers()).isEqualTo(Tiers.DATA_ONLY);

        after(i, second);
        Plan running = plan(i, new Observation(true, false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.RUNNING, null), true, OptionalLong.empty()));
        assertThat(running.step()).isEqualTo(Step.TAKING_FINAL_BACKUP);
        assertThat(running.create()).as("created once").isEmpty();
        assertThat(running.tiers()).isEqualTo(Tiers.DATA_ONLY);

        Plan stored = plan(i, new Observation(true, false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(stored.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(stored.tiers()).isEqualTo(Tiers.NONE);

        after(i, stored);
        Plan done = plan(i, new Observation(true, true, true, true, false,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(done.step()).isEqualTo(Step.HIBERNATED);
        assertThat(done.tiers()).isEqualTo(Tiers.NONE);
        assertThat(done.inTransition()).isFalse();
        assertThat(done.message()).contains("loomio-hibernate-7", "loomio-final-20261122-100003.sql.gz.enc",
                "spec.hibernate to false");
        assertThat(done.view()).hasValueSatisfying(v -> {
            assertThat(v.done()).isTrue();
            assertThat(v.appStopped()).isTrue();
            assertThat(v.dataStopped()).isTrue();
        });
    }

    @Test
    void aStoppedDataTierStaysStoppedWhateverTheBackupSays() {
        LoomioInstance i = hibernating();
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setHibernation(new HibernationStatus("loomio-hibernate-7", 7L));
        i.setStatus(status);
        // The operator restarted, the LoomioBackup was deleted by hand: never start Postgres to back it up again.
        Plan plan = plan(i,
                new Observation(true, true, true, true, false, Optional.empty(), true, OptionalLong.empty()));
        assertThat(plan.step()).isEqualTo(Step.HIBERNATED);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void requiredBlocksWhenNoBackupCanBeHadAndSaysHowToGoOn() {
        LoomioInstance i = after(hibernating(), plan(hibernating(), APP_RUNNING));
        Plan notReady = plan(i,
                new Observation(true, false, false, true, false, Optional.empty(), true, OptionalLong.empty()));
        assertThat(notReady.step()).isEqualTo(Step.BLOCKED);
        assertThat(notReady.tiers()).as("Postgres keeps its RAM").isEqualTo(Tiers.DATA_ONLY);
        assertThat(notReady.reason()).isEqualTo(ConditionReason.PLANNED_STOP_BLOCKED);
        assertThat(notReady.message()).contains("Postgres is not ready", FinalBackup.SKIP_ANNOTATION,
                "spec.hibernate to false");
        assertThat(notReady.view()).hasValueSatisfying(v -> assertThat(v.blocked()).isTrue());

        Plan failed = plan(i, new Observation(true, false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.FAILED, "wrong key"), true, OptionalLong.empty()));
        assertThat(failed.step()).isEqualTo(Step.BLOCKED);
        assertThat(failed.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(failed.message()).contains("wrong key", "delete LoomioBackup loomio-hibernate-7");
        assertThat(failed.warning()).isTrue();
    }

    @Test
    void bestEffortGoesOnWithAWarning() {
        LoomioInstance i = hibernating();
        i.getSpec().getBackup().getFinalBackup().setPolicy(FinalBackupPolicy.BEST_EFFORT);
        Plan plan = plan(i, new Observation(true, false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.FAILED, "wrong key"), true, OptionalLong.empty()));
        assertThat(plan.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.warning()).isTrue();
        assertThat(plan.records().hibernation().backup()).as("the data is not in that backup").isNull();
    }

    @Test
    void theSkipAnnotationHibernatesWithoutABackupOnceTheAppIsGone() {
        LoomioInstance i = hibernating();
        i.getMetadata().setAnnotations(Map.of(FinalBackup.SKIP_ANNOTATION, "true"));
        assertThat(plan(i, APP_RUNNING).tiers()).isEqualTo(Tiers.DATA_ONLY);
        Plan plan = plan(i, APP_GONE);
        assertThat(plan.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.records().hibernation()).isEqualTo(new HibernationStatus(null, 7L));
        assertThat(plan.message()).contains("without a final backup", FinalBackup.SKIP_ANNOTATION);
    }

    @Test
    void aNewInstanceCreatedHibernatingStartsNothing() {
        Plan plan = plan(hibernating(),
                new Observation(false, false, true, true, false, Optional.empty(), true, OptionalLong.empty()));
        assertThat(plan.step()).isEqualTo(Step.HIBERNATED);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void aPlannedRestartStopsLikeAHibernationThenStartsEverythingAgainOnce() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setGeneration(7L);
        i.getMetadata().setAnnotations(Map.of(PlannedStop.RESTART_ANNOTATION, "2026-11-22T09:59:00Z"));
        String name = PlannedStop.restartBackupName(i, "2026-11-22T09:59:00Z");
        assertThat(name).matches("loomio-restart-[0-9a-f]{8}");

        Plan first = plan(i, APP_RUNNING);
        assertThat(first.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(first.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(first.records().hibernation()).isNull();
        assertThat(first.records().restart()).isEqualTo(new RestartStatus("2026-11-22T09:59:00Z", name, null));
        assertThat(first.view()).hasValueSatisfying(v -> assertThat(v.restart()).isTrue());

        after(i, first);
        assertThat(plan(i, APP_GONE).create()).hasValueSatisfying(
                b -> assertThat(b.getMetadata().getName()).isEqualTo(name));
        Plan stored = plan(i, new Observation(true, false, false, true, true,
                backup(name, BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(stored.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(stored.tiers()).isEqualTo(Tiers.NONE);

        after(i, stored);
        Plan restarted = plan(i, new Observation(true, true, true, true, false,
                backup(name, BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(restarted.step()).isEqualTo(Step.RESTARTED);
        assertThat(restarted.tiers()).as("everything starts again at once").isEqualTo(Tiers.ALL);
        assertThat(restarted.records().restart())
                .isEqualTo(new RestartStatus("2026-11-22T09:59:00Z", name, NOW.toString()));
        assertThat(restarted.message()).contains("loomio-final-20261122-100003.sql.gz.enc");
        assertThat(restarted.view()).isEmpty();

        after(i, restarted);
        Plan awake = plan(i, APP_RUNNING);
        assertThat(awake.step()).as("the same value asks for nothing more").isEqualTo(Step.AWAKE);
        assertThat(awake.records().restart()).as("the last restart stays in status")
                .isEqualTo(restarted.records().restart());

        i.getMetadata().setAnnotations(Map.of(PlannedStop.RESTART_ANNOTATION, "2026-11-22T11:00:00Z"));
        Plan again = plan(i, APP_RUNNING);
        assertThat(again.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(again.records().restart().backup()).isNotEqualTo(name);
    }

    @Test
    void aRestartAskedWhileHibernatingIsDoneByTheResume() {
        LoomioInstance i = hibernating();
        i.getMetadata().setAnnotations(Map.of(PlannedStop.RESTART_ANNOTATION, "2026-11-22T09:59:00Z"));
        Plan stopping = plan(i, APP_RUNNING);
        assertThat(stopping.step()).as("hibernation wins").isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(stopping.records().restart()).as("not done before the data tier stopped").isNull();

        after(i, stopping);
        Plan hibernated = plan(i, new Observation(true, true, true, true, false,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(hibernated.step()).isEqualTo(Step.HIBERNATED);
        assertThat(hibernated.records().restart()).isEqualTo(
                new RestartStatus("2026-11-22T09:59:00Z", "loomio-hibernate-7", NOW.toString()));

        after(i, hibernated);
        Plan again = PlannedStop.plan(i, Optional.empty(), backup -> new Observation(true, true, true, true, false,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()),
                NOW.plusSeconds(60));
        assertThat(again.records().restart()).as("recorded once: the status does not change every reconcile")
                .isEqualTo(hibernated.records().restart());

        i.getSpec().setHibernate(false);
        Plan resumed = plan(i, APP_RUNNING);
        assertThat(resumed.step()).as("no second stop after the resume").isEqualTo(Step.AWAKE);
    }

    @Test
    void aRestartThatCannotBackUpSaysHowToCancel() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setAnnotations(Map.of(PlannedStop.RESTART_ANNOTATION, "now"));
        Plan blocked = plan(after(i, plan(i, APP_RUNNING)), new Observation(true, false, false, true, false,
                Optional.empty(), true, OptionalLong.empty()));
        assertThat(blocked.step()).isEqualTo(Step.BLOCKED);
        assertThat(blocked.message()).contains("Remove annotation " + PlannedStop.RESTART_ANNOTATION,
                FinalBackup.SKIP_ANNOTATION + "=true to restart without one");
    }

    /** A production spec whose StatefulSets were created for development: a switch to RAM. */
    static Plan switching(LoomioInstance i, Observation o) {
        return PlannedStop.plan(i, Optional.of(Environment.DEVELOPMENT), backup -> {
            assertThat(backup).as("the LoomioBackup the switch reads").isEqualTo("loomio-switch-7");
            return o;
        }, NOW);
    }

    @Test
    void aSwitchToRamKeepsTheDiskShapeUntilTheDataIsInABackupThenReplacesTheDataTier() {
        LoomioInstance i = hibernating();
        i.getSpec().setHibernate(false);
        Plan first = switching(i, APP_RUNNING);
        assertThat(first.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(first.tiers().dataEnvironment()).as("the StatefulSets' volumes cannot change in place")
                .isEqualTo(Environment.DEVELOPMENT);
        assertThat(first.records().environmentSwitch()).isEqualTo(new SwitchStatus(Environment.DEVELOPMENT,
                Environment.PRODUCTION, "loomio-switch-7", 7L, null));

        after(i, first);
        i.getMetadata().setAnnotations(Map.of(FinalBackup.SKIP_ANNOTATION, "true"));
        Plan backingUp = switching(i, APP_GONE);
        assertThat(backingUp.create()).as("the data moves through the backup: no skipping it").isPresent();
        assertThat(backingUp.tiers().dataEnvironment()).isEqualTo(Environment.DEVELOPMENT);

        Plan failed = switching(i, new Observation(true, false, false, true, true,
                backup("loomio-switch-7", BackupPhase.FAILED, "wrong key"), true, OptionalLong.empty()));
        assertThat(failed.step()).isEqualTo(Step.BLOCKED);
        assertThat(failed.message()).contains("wrong key", "environment back to development");

        Plan stored = switching(i, new Observation(true, false, false, true, true,
                backup("loomio-switch-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()));
        assertThat(stored.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(stored.tiers().dataEnvironment()).isEqualTo(Environment.DEVELOPMENT);

        after(i, stored);
        Plan replacing = switching(i, new Observation(true, true, true, true, false,
                backup("loomio-switch-7", BackupPhase.COMPLETED, null), false, OptionalLong.empty()));
        assertThat(replacing.step()).isEqualTo(Step.REPLACING_DATA_TIER);
        assertThat(replacing.tiers().dataTierPresent()).isFalse();
        assertThat(replacing.deleteDataClaims()).isTrue();

        after(i, replacing);
        // The StatefulSets are gone: the shape is no longer observed, the record says a switch runs.
        Plan created = PlannedStop.plan(i, Optional.empty(), backup -> new Observation(false, false, true, true, false,
                backup("loomio-switch-7", BackupPhase.COMPLETED, null), true, OptionalLong.empty()), NOW);
        assertThat(created.step()).isEqualTo(Step.SWITCHED);
        assertThat(created.tiers()).isEqualTo(Tiers.ALL);
        assertThat(created.records().environmentSwitch().completedAt()).isEqualTo(NOW.toString());
        assertThat(created.message()).contains("loomio-final-20261122-100003.sql.gz.enc");

        after(i, created);
        assertThat(PlannedStop.plan(i, Optional.of(Environment.PRODUCTION), backup -> APP_RUNNING, NOW).step())
                .isEqualTo(Step.AWAKE);
    }

    @Test
    void aDatabaseThatDoesNotFitInRamRefusesTheSwitchBeforeAnythingStops() {
        LoomioInstance i = hibernating();
        i.getSpec().setHibernate(false);
        i.getSpec().getPostgres().setDataSize("256Mi");
        Plan refused = switching(i, new Observation(true, false, false, false, true, Optional.empty(), true,
                OptionalLong.of(200L << 20)));
        assertThat(refused.step()).isEqualTo(Step.BLOCKED);
        assertThat(refused.reason()).isEqualTo(ConditionReason.ENVIRONMENT_SWITCH_REFUSED);
        assertThat(refused.tiers().app()).as("nothing stops").isTrue();
        assertThat(refused.tiers().data()).isTrue();
        assertThat(refused.tiers().dataEnvironment()).isEqualTo(Environment.DEVELOPMENT);
        assertThat(refused.message()).contains("200 MiB", "at least 264Mi");
        assertThat(refused.view()).hasValueSatisfying(v -> assertThat(v.blocked()).isTrue());

        assertThat(switching(i, new Observation(true, false, false, false, true, Optional.empty(), true,
                OptionalLong.of(100L << 20))).step()).isEqualTo(Step.STOPPING_APP_TIER);
    }
}
