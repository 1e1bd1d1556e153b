package dev.pistack.loomio.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.Hibernation.Observation;
import dev.pistack.loomio.operator.Hibernation.Plan;
import dev.pistack.loomio.operator.Hibernation.Step;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.status.ConditionReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Hibernation step by step: what runs, what is created, what the status says, from what is observed. */
class HibernationTest {
    private static final Observation APP_RUNNING = new Observation(false, false, false, true, Optional.empty());
    private static final Observation APP_GONE = new Observation(false, false, true, true, Optional.empty());

    static LoomioInstance hibernating() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setGeneration(7L);
        i.getSpec().setHibernate(true);
        return i;
    }

    /** The status the reconciler wrote after {@code plan}. */
    static LoomioInstance after(LoomioInstance i, Plan plan) {
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setHibernation(plan.status());
        i.setStatus(status);
        return i;
    }

    static Optional<LoomioBackup> backup(String name, BackupPhase phase, String error) {
        LoomioBackup b = Hibernation.desiredBackup(hibernating(), name);
        b.setStatus(new LoomioBackupStatus(1L, phase, List.of(), name,
                phase == BackupPhase.COMPLETED ? "loomio-final-20261122-100003.sql.gz.enc" : null,
                null, phase == BackupPhase.COMPLETED ? "410Ki" : null, null, null, null, null, null, error));
        return Optional.of(b);
    }

    @Test
    void awakeRunsEverything() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        Plan plan = Hibernation.plan(i, APP_RUNNING);
        assertThat(plan.step()).isEqualTo(Step.AWAKE);
        assertThat(plan.tiers()).isEqualTo(Tiers.ALL);
        assertThat(plan.view()).isEmpty();
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void stopsTheAppTierThenBacksUpThenStopsTheDataTier() {
        LoomioInstance i = hibernating();
        Plan first = Hibernation.plan(i, APP_RUNNING);
        assertThat(first.step()).isEqualTo(Step.STOPPING_APP_TIER);
        assertThat(first.tiers()).as("the database serves the backup").isEqualTo(Tiers.DATA_ONLY);
        assertThat(first.create()).as("no backup while the app may still write").isEmpty();
        assertThat(first.status()).isEqualTo(new HibernationStatus("loomio-hibernate-7", 7L));
        assertThat(first.inTransition()).isTrue();

        after(i, first).getMetadata().setGeneration(8L); // an unrelated edit meanwhile keeps the same backup
        Plan second = Hibernation.plan(i, APP_GONE);
        assertThat(second.step()).isEqualTo(Step.TAKING_FINAL_BACKUP);
        assertThat(second.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo("loomio-hibernate-7");
            assertThat(b.getSpec().getKind()).isEqualTo(BackupKind.FINAL);
            assertThat(b.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo("loomio"));
        });
        assertThat(second.tiers()).isEqualTo(Tiers.DATA_ONLY);

        after(i, second);
        Plan running = Hibernation.plan(i, new Observation(false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.RUNNING, null)));
        assertThat(running.step()).isEqualTo(Step.TAKING_FINAL_BACKUP);
        assertThat(running.create()).as("created once").isEmpty();
        assertThat(running.tiers()).isEqualTo(Tiers.DATA_ONLY);

        Plan stored = Hibernation.plan(i, new Observation(false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null)));
        assertThat(stored.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(stored.tiers()).isEqualTo(Tiers.NONE);

        after(i, stored);
        Plan done = Hibernation.plan(i, new Observation(true, true, true, false,
                backup("loomio-hibernate-7", BackupPhase.COMPLETED, null)));
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
        LoomioInstance i = after(hibernating(), new Plan(Step.STOPPING_DATA_TIER, Tiers.NONE,
                new HibernationStatus("loomio-hibernate-7", 7L), Optional.empty(), null, null, false));
        // The operator restarted, the LoomioBackup was deleted by hand: never start Postgres to back it up again.
        Plan plan = Hibernation.plan(i, new Observation(true, true, true, false, Optional.empty()));
        assertThat(plan.step()).isEqualTo(Step.HIBERNATED);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.create()).isEmpty();
    }

    @Test
    void requiredBlocksWhenNoBackupCanBeHadAndSaysHowToGoOn() {
        LoomioInstance i = after(hibernating(), Hibernation.plan(hibernating(), APP_RUNNING));
        Plan notReady = Hibernation.plan(i, new Observation(false, false, true, false, Optional.empty()));
        assertThat(notReady.step()).isEqualTo(Step.BLOCKED);
        assertThat(notReady.tiers()).as("Postgres keeps its RAM").isEqualTo(Tiers.DATA_ONLY);
        assertThat(notReady.reason()).isEqualTo(ConditionReason.HIBERNATION_BLOCKED);
        assertThat(notReady.message()).contains("Postgres is not ready", FinalBackup.SKIP_ANNOTATION,
                "spec.hibernate to false");
        assertThat(notReady.view()).hasValueSatisfying(v -> assertThat(v.blocked()).isTrue());

        Plan failed = Hibernation.plan(i, new Observation(false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.FAILED, "wrong key")));
        assertThat(failed.step()).isEqualTo(Step.BLOCKED);
        assertThat(failed.tiers()).isEqualTo(Tiers.DATA_ONLY);
        assertThat(failed.message()).contains("wrong key", "delete LoomioBackup loomio-hibernate-7");
        assertThat(failed.warning()).isTrue();
    }

    @Test
    void bestEffortGoesOnWithAWarning() {
        LoomioInstance i = hibernating();
        i.getSpec().getBackup().getFinalBackup().setPolicy(FinalBackupPolicy.BEST_EFFORT);
        Plan plan = Hibernation.plan(i, new Observation(false, false, true, true,
                backup("loomio-hibernate-7", BackupPhase.FAILED, "wrong key")));
        assertThat(plan.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.warning()).isTrue();
        assertThat(plan.status().backup()).as("the data is not in that backup").isNull();
    }

    @Test
    void theSkipAnnotationHibernatesWithoutABackupOnceTheAppIsGone() {
        LoomioInstance i = hibernating();
        i.getMetadata().setAnnotations(Map.of(FinalBackup.SKIP_ANNOTATION, "true"));
        assertThat(Hibernation.plan(i, APP_RUNNING).tiers()).isEqualTo(Tiers.DATA_ONLY);
        Plan plan = Hibernation.plan(i, APP_GONE);
        assertThat(plan.step()).isEqualTo(Step.STOPPING_DATA_TIER);
        assertThat(plan.create()).isEmpty();
        assertThat(plan.status()).isEqualTo(new HibernationStatus(null, 7L));
        assertThat(plan.message()).contains("without a final backup", FinalBackup.SKIP_ANNOTATION);
    }

    @Test
    void aNewInstanceCreatedHibernatingStartsNothing() {
        Plan plan = Hibernation.plan(hibernating(), new Observation(true, true, true, false, Optional.empty()));
        assertThat(plan.step()).isEqualTo(Step.HIBERNATED);
        assertThat(plan.tiers()).isEqualTo(Tiers.NONE);
        assertThat(plan.create()).isEmpty();
    }
}
