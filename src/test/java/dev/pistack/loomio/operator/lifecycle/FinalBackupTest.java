package dev.pistack.loomio.operator.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.operator.lifecycle.FinalBackup.Action;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the finalizer does for an instance being deleted, step by step, against a fixed clock. */
class FinalBackupTest {
    private static final Instant DELETED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant SOON = DELETED.plusSeconds(20);

    static LoomioInstance deleting() {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        i.getMetadata().setUid("0123456789abcdef");
        i.getMetadata().setDeletionTimestamp(DELETED.toString());
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setBackup(new BackupStatus(new BackupRecord("loomio-hourly-20261122-091700.sql.gz.enc", "hourly",
                "2026-11-22T09:17:05Z", 1000L, 1.0, List.of("local"), "sha256:ab", "loomio-backup-1"), null));
        i.setStatus(status);
        return i;
    }

    static LoomioBackup backup(BackupPhase phase, String error) {
        LoomioBackup b = FinalBackup.desiredBackup(deleting());
        b.setStatus(Samples.backupStatus(phase, b.getMetadata().getName(), "loomio-final-20261122-100003.sql.gz.enc",
                error));
        return b;
    }

    @Test
    void theFinalBackupWaitsUntilTheAppTiersPodsAreGoneTerminatingOnesIncluded() {
        LoomioInstance i = deleting();
        FinalBackup.Decision stopping = FinalBackup.decide(i, true, false, Optional.empty(), SOON);
        assertThat(stopping.action()).isEqualTo(Action.STOP_APP_TIER);
        assertThat(stopping.reason()).isEqualTo(ConditionReason.STOPPING_APP_TIER);
        assertThat(stopping.message()).contains("loomio-final-01234567 starts once its pods are gone");
        assertThat(FinalBackup.decide(i, true, true, Optional.empty(), SOON).action()).isEqualTo(Action.START);
    }

    @Test
    void aReadyDatabaseGetsAFinalBackupAndDeletionWaitsForIt() {
        LoomioInstance i = deleting();
        FinalBackup.Decision start = FinalBackup.decide(i, true, true, Optional.empty(), SOON);
        assertThat(start.action()).isEqualTo(Action.START);
        assertThat(start.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_RUNNING);
        LoomioBackup desired = FinalBackup.desiredBackup(i);
        assertThat(desired.getMetadata().getName()).isEqualTo("loomio-final-01234567");
        assertThat(desired.getMetadata().getOwnerReferences()).as("kept after the instance is gone").isEmpty();
        assertThat(desired.getSpec().getKind()).isEqualTo(BackupKind.FINAL);
        assertThat(desired.getSpec().getInstanceRef().name()).isEqualTo("loomio");

        assertThat(FinalBackup.decide(i, true, true, Optional.of(backup(BackupPhase.RUNNING, null)), SOON).action())
                .isEqualTo(Action.WAIT);
        FinalBackup.Decision done = FinalBackup.decide(i, false, true, Optional.of(backup(BackupPhase.COMPLETED, null)),
                SOON);
        assertThat(done.action()).as("the Postgres pod may be gone by now").isEqualTo(Action.LET_GO);
        assertThat(done.warning()).isFalse();
        assertThat(done.message()).contains("loomio-final-20261122-100003.sql.gz.enc", "410Ki", "local and drive");
    }

    @Test
    void aFailureHoldsARequiredInstanceAndLetsABestEffortOneGo() {
        LoomioInstance required = deleting();
        FinalBackup.Decision held = FinalBackup.decide(required, true, true,
                Optional.of(backup(BackupPhase.FAILED, "Drive: storage quota exceeded")), SOON);
        assertThat(held.action()).isEqualTo(Action.HOLD);
        assertThat(held.warning()).isTrue();
        assertThat(held.message()).contains("storage quota exceeded", "delete LoomioBackup loomio-final-01234567",
                FinalBackup.SKIP_ANNOTATION + "=true");

        LoomioInstance bestEffort = deleting();
        bestEffort.getSpec().getBackup().getFinalBackup().setPolicy(FinalBackupPolicy.BEST_EFFORT);
        FinalBackup.Decision gone = FinalBackup.decide(bestEffort, true, true,
                Optional.of(backup(BackupPhase.FAILED, "Drive: storage quota exceeded")), SOON);
        assertThat(gone.action()).isEqualTo(Action.LET_GO);
        assertThat(gone.warning()).isTrue();
        assertThat(gone.message()).contains("deleting anyway", "loomio-hourly-20261122-091700.sql.gz.enc",
                "43 min old");
    }

    @Test
    void theTimeoutEndsABestEffortWaitAndOnlyWarnsForARequiredOne() {
        Instant late = DELETED.plusSeconds(31 * 60);
        LoomioInstance required = deleting();
        FinalBackup.Decision waiting = FinalBackup.decide(required, true, true,
                Optional.of(backup(BackupPhase.PENDING, null)), late);
        assertThat(waiting.action()).isEqualTo(Action.WAIT);
        assertThat(waiting.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_LATE);
        assertThat(waiting.message()).contains("after 30 min", FinalBackup.SKIP_ANNOTATION);

        LoomioInstance dev = Samples.load(Samples.DEVELOPMENT, "ns");
        dev.getMetadata().setUid("0123456789abcdef");
        dev.getMetadata().setDeletionTimestamp(DELETED.toString());
        assertThat(FinalBackup.policy(dev)).as("development's default").isEqualTo(FinalBackupPolicy.BEST_EFFORT);
        assertThat(FinalBackup.policy(required)).as("production's default").isEqualTo(FinalBackupPolicy.REQUIRED);
        assertThat(FinalBackup.decide(dev, true, true, Optional.empty(), late).reason())
                .as("the development sample has no backups: nothing to wait for")
                .isEqualTo(ConditionReason.FINAL_BACKUP_SKIPPED);
        LoomioInstance bestEffort = deleting();
        bestEffort.getSpec().getBackup().getFinalBackup().setPolicy(FinalBackupPolicy.BEST_EFFORT);
        FinalBackup.Decision givenUp = FinalBackup.decide(bestEffort, true, true,
                Optional.of(backup(BackupPhase.RUNNING, null)), late);
        assertThat(givenUp.action()).isEqualTo(Action.LET_GO);
        assertThat(givenUp.warning()).isTrue();
        assertThat(givenUp.message()).contains("did not finish within 30 min");
    }

    @Test
    void nothingIsWaitedForWhenThereIsNothingToBackUpOrTheUserSaysSo() {
        FinalBackup.Decision gone = FinalBackup.decide(deleting(), false, true, Optional.empty(), SOON);
        assertThat(gone.action()).isEqualTo(Action.LET_GO);
        assertThat(gone.warning()).isTrue();
        assertThat(gone.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_IMPOSSIBLE);
        assertThat(gone.message()).contains("Postgres pod is gone",
                "the newest backup is loomio-hourly-20261122-091700.sql.gz.enc, 43 min old");

        LoomioInstance foreground = deleting();
        foreground.getMetadata().setFinalizers(List.of("loomioinstances.loomio.pistack.dev/finalizer",
                "foregroundDeletion"));
        FinalBackup.Decision dependentsFirst = FinalBackup.decide(foreground, true, true, Optional.empty(), SOON);
        assertThat(dependentsFirst.action()).as("its Postgres pod is about to go").isEqualTo(Action.LET_GO);
        assertThat(dependentsFirst.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_IMPOSSIBLE);
        assertThat(dependentsFirst.message()).contains("foreground deletion", "43 min old");

        LoomioInstance annotated = deleting();
        annotated.getMetadata().setAnnotations(Map.of(FinalBackup.SKIP_ANNOTATION, "true"));
        FinalBackup.Decision skipped = FinalBackup.decide(annotated, true, true, Optional.empty(), SOON);
        assertThat(skipped.action()).isEqualTo(Action.LET_GO);
        assertThat(skipped.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_SKIPPED);
        assertThat(skipped.warning()).isFalse();

        LoomioInstance skip = deleting();
        skip.getSpec().getBackup().getFinalBackup().setPolicy(FinalBackupPolicy.SKIP);
        assertThat(FinalBackup.decide(skip, true, true, Optional.empty(), SOON).action()).isEqualTo(Action.LET_GO);

        LoomioInstance noBackups = deleting();
        noBackups.getSpec().getBackup().setSecretRef(null);
        assertThat(FinalBackup.decide(noBackups, true, true, Optional.empty(), SOON).reason())
                .isEqualTo(ConditionReason.FINAL_BACKUP_SKIPPED);
    }

    @Test
    void aHibernatedInstanceGoesAtOnceNamingItsFinalBackup() {
        LoomioInstance i = deleting();
        i.getSpec().setHibernate(true);
        i.getStatus().setHibernation(new HibernationStatus("loomio-hibernate-4", 4L));
        i.getStatus().setConditions(List.of(new ConditionBuilder().withType("Hibernated").withStatus("True")
                .withReason("Hibernated").build()));
        FinalBackup.Decision d = FinalBackup.decide(i, false, true, Optional.empty(), SOON);
        assertThat(d.action()).isEqualTo(Action.LET_GO);
        assertThat(d.warning()).as("the documented GitOps path is not a warning").isFalse();
        assertThat(d.message()).contains("loomio-hibernate-4");
        assertThat(d.reason()).isEqualTo(ConditionReason.FINAL_BACKUP_COMPLETED);

        i.getStatus().setConditions(List.of(new ConditionBuilder().withType("Hibernated").withStatus("False")
                .withReason("StoppingDataTier").build()));
        assertThat(FinalBackup.decide(i, false, true, Optional.empty(), SOON).reason())
                .as("half-way is not hibernated").isEqualTo(ConditionReason.FINAL_BACKUP_IMPOSSIBLE);
    }
}
