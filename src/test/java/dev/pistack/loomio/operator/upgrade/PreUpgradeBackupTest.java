package dev.pistack.loomio.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PreUpgradeBackupTest {
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");
    private final Job earlier = migrationOf("loomio/loomio:3.3");

    private static Job migrationOf(String image) {
        LoomioInstance at = Samples.load(Samples.PRODUCTION, "ns");
        at.getSpec().setImage(image);
        return MigrationJob.desired(at, DatabaseLogin.LOOMIO);
    }

    private LoomioBackup backup(BackupPhase phase) {
        LoomioBackup b = PreUpgradeBackup.desired(instance, Names.preUpgradeBackup(instance));
        b.setStatus(Samples.backupStatus(phase, b.getMetadata().getName(),
                "loomio-preupgrade-20261206-100000.sql.gz.enc", phase == BackupPhase.FAILED ? "pg_dump failed" : null));
        return b;
    }

    @Test
    void aChangeOfImageIsBackedUpBeforeItMigrates() {
        PreUpgradeBackup.Plan plan = PreUpgradeBackup.plan(instance, true, List.of(earlier), name -> Optional.empty());
        assertThat(plan.migrationAllowed()).isFalse();
        assertThat(plan.create()).hasValueSatisfying(b -> {
            assertThat(b.getMetadata().getName()).isEqualTo(Names.preUpgradeBackup(instance)).hasSizeLessThan(64);
            assertThat(b.getSpec().getKind()).isEqualTo(BackupKind.PRE_UPGRADE);
            assertThat(b.getSpec().getKind().agentKind()).isEqualTo("preupgrade");
        });

        assertThat(PreUpgradeBackup.plan(instance, true, List.of(earlier),
                name -> Optional.of(backup(BackupPhase.RUNNING))))
                .isEqualTo(new PreUpgradeBackup.Plan(PreUpgradeBackup.State.BACKING_UP, Optional.empty(),
                        Optional.empty()));
        assertThat(PreUpgradeBackup.plan(instance, true, List.of(earlier),
                name -> Optional.of(backup(BackupPhase.COMPLETED))).migrationAllowed()).isTrue();
    }

    @Test
    void anUpdateRequestIsBackedUpBeforeItMigratesUnderANameOfItsOwn() {
        Job current = MigrationJob.desired(instance, DatabaseLogin.LOOMIO);
        String before = Names.preUpgradeBackup(instance);
        instance.getMetadata().setAnnotations(java.util.Map.of(MigrationJob.UPDATE_ANNOTATION, "2026-12-07T08:00:00Z"));
        PreUpgradeBackup.Plan plan = PreUpgradeBackup.plan(instance, true, List.of(current), name -> Optional.empty());
        assertThat(plan.migrationAllowed()).isFalse();
        assertThat(plan.create()).hasValueSatisfying(b -> assertThat(b.getMetadata().getName()).isNotEqualTo(before)
                .isEqualTo(Names.preUpgradeBackup(instance)));
    }

    @Test
    void aFailedPreUpgradeBackupHoldsTheMigrationAndSaysWhatToDo() {
        PreUpgradeBackup.Plan plan = PreUpgradeBackup.plan(instance, true, List.of(earlier),
                name -> Optional.of(backup(BackupPhase.FAILED)));
        assertThat(plan.migrationAllowed()).isFalse();
        assertThat(plan.create()).isEmpty();
        assertThat(plan.problem()).hasValueSatisfying(p -> {
            assertThat(p.reason()).isEqualTo(ConditionReason.PRE_UPGRADE_BACKUP_FAILED);
            assertThat(p.message()).contains("delete the LoomioBackup to take it again");
        });
    }

    @Test
    void aFirstInstallAStartedMigrationOrNoBackupsGoStraightOn() {
        assertThat(PreUpgradeBackup.plan(instance, true, List.of(), name -> {
            throw new AssertionError("nothing to read on a first install");
        })).isEqualTo(PreUpgradeBackup.Plan.ALLOWED);
        assertThat(PreUpgradeBackup.plan(instance, true,
                List.of(earlier, MigrationJob.desired(instance, DatabaseLogin.LOOMIO)),
                name -> Optional.empty())).isEqualTo(PreUpgradeBackup.Plan.ALLOWED);
        LoomioInstance development = Samples.load(Samples.DEVELOPMENT, "ns");
        assertThat(PreUpgradeBackup.plan(development, true, List.of(earlier), name -> Optional.empty()))
                .as("development without backup.secretRef").isEqualTo(PreUpgradeBackup.Plan.ALLOWED);
    }

    @Test
    void aStoppedAppTierTakesNoBackupAndRunsNoMigration() {
        PreUpgradeBackup.Plan plan = PreUpgradeBackup.plan(instance, false, List.of(earlier), name -> {
            throw new AssertionError("a hibernating instance's Postgres cannot be backed up");
        });
        assertThat(plan.state()).isEqualTo(PreUpgradeBackup.State.APP_TIER_STOPPED);
        assertThat(plan.migrationAllowed()).isFalse();
        assertThat(plan.create()).isEmpty();
    }
}
