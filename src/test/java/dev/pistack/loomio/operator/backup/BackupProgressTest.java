package dev.pistack.loomio.operator.backup;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The LoomioBackup state machine, step by step, against a fixed clock. */
class BackupProgressTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T10:00:30Z");
    private static final String OK = "{\"action\":\"backup\",\"status\":\"ok\",\"name\":"
            + "\"loomio-manual-20261122-100003.sql.gz.enc\",\"targets\":[{\"target\":\"local\",\"status\":\"ok\"},"
            + "{\"target\":\"drive\",\"status\":\"ok\"}],\"bytesIn\":5000000,\"bytesOut\":1300000,"
            + "\"durationSeconds\":2.5,\"dumpComplete\":true,\"keyFingerprint\":\"sha256:ab\"}";
    private static final String WRONG_KEY = "{\"action\":\"backup\",\"status\":\"failed\",\"error\":"
            + "\"BACKUP_ENCRYPTION_KEY is neither a Fernet key nor a passphrase\"}";

    static LoomioBackup backup() throws Exception {
        LoomioBackup b = Serialization.unmarshal(Files.readString(Path.of("samples/loomio-backup.yaml")),
                LoomioBackup.class);
        b.getMetadata().setNamespace("ns");
        b.getMetadata().setUid("uid-1");
        b.getMetadata().setGeneration(1L);
        b.getMetadata().setCreationTimestamp("2026-11-22T09:59:59Z");
        return b;
    }

    static LoomioInstance instance(boolean databaseReady) {
        LoomioInstance i = Samples.load(Samples.PRODUCTION, "ns");
        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setConditions(List.of(Conditions.of(List.of(), ConditionType.DATABASE_READY, databaseReady,
                databaseReady ? ConditionReason.READY : ConditionReason.RESTORING, "m", 1, T0)));
        i.setStatus(status);
        return i;
    }

    static Job job(String failedReason) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName("loomio-before-upgrade").withUid("job-uid")
                .withCreationTimestamp("2026-11-22T10:00:01Z").endMetadata();
        if (failedReason != null) {
            b.withNewStatus().addNewCondition().withType("Failed").withStatus("True").withReason(failedReason)
                    .withMessage("Job was active longer than specified deadline").endCondition().endStatus();
        }
        return b.build();
    }

    static Pod pod(String phase, int exitCode, String message) {
        return new PodBuilder().withNewMetadata().withName("loomio-before-upgrade-x")
                .addToLabels(Labels.JOB_NAME, "loomio-before-upgrade").endMetadata()
                .withNewStatus().withPhase(phase).addNewContainerStatus().withName("backup").withNewState()
                .withNewTerminated().withExitCode(exitCode).withFinishedAt("2026-11-22T10:00:05Z").withMessage(message)
                .endTerminated().endState().endContainerStatus().endStatus().build();
    }

    private static BackupProgress.Step step(LoomioBackup b, Optional<LoomioInstance> i, Optional<Job> job,
            List<Pod> pods, List<String> blockers, Instant now) {
        return BackupProgress.next(new BackupObserved(b, i, job, pods, blockers), now);
    }

    @Test
    void waitsForTheInstanceItsDatabaseAndTheRunsAheadOfIt() throws Exception {
        LoomioBackup b = backup();
        BackupProgress.Step missing = step(b, Optional.empty(), Optional.empty(), List.of(), List.of(), T0);
        assertThat(missing.status().phase()).isEqualTo(BackupPhase.PENDING);
        assertThat(missing.createJob()).isFalse();
        assertThat(missing.waiting()).isTrue();
        assertThat(missing.status().conditions(), ConditionType.READY).isFalse()
                .hasReason(ConditionReason.INSTANCE_NOT_FOUND).hasMessageContaining("LoomioInstance loomio");
        assertThat(missing.status().conditions(), ConditionType.RECONCILING).isTrue();
        assertThat(missing.status().conditions(), ConditionType.STALLED).isFalse();

        BackupProgress.Step notReady = step(b, Optional.of(instance(false)), Optional.empty(), List.of(), List.of(),
                T0);
        assertThat(notReady.status().conditions(), ConditionType.READY).hasReason(ConditionReason.DATABASE_NOT_READY);
        assertThat(notReady.createJob()).isFalse();

        BackupProgress.Step queued = step(b, Optional.of(instance(true)), Optional.empty(), List.of(),
                List.of("Job loomio-backup-29123", "LoomioBackup first"), T0);
        assertThat(queued.status().phase()).isEqualTo(BackupPhase.PENDING);
        assertThat(queued.createJob()).isFalse();
        assertThat(queued.status().conditions(), ConditionType.READY).hasReason(ConditionReason.QUEUED)
                .hasMessageContaining("Job loomio-backup-29123, LoomioBackup first");
    }

    @Test
    void startsWhenNothingIsAheadThenCompletesWithTheAgentsFigures() throws Exception {
        LoomioBackup b = backup();
        BackupProgress.Step start = step(b, Optional.of(instance(true)), Optional.empty(), List.of(), List.of(), T0);
        assertThat(start.createJob()).isTrue();
        assertThat(start.status().phase()).isEqualTo(BackupPhase.RUNNING);
        assertThat(start.status().startedAt()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(start.status().job()).isEqualTo("loomio-before-upgrade");

        b.setStatus(start.status());
        BackupProgress.Step again = step(b, Optional.of(instance(true)), Optional.of(job(null)),
                List.of(pod("Running", 0, null)), List.of(), T1);
        assertThat(again.createJob()).as("its Job exists").isFalse();
        assertThat(again.status().phase()).isEqualTo(BackupPhase.RUNNING);
        assertThat(again.status().conditions()).as("lastTransitionTime kept: nothing changed")
                .isEqualTo(start.status().conditions());

        BackupProgress.Step done = step(b, Optional.of(instance(true)), Optional.of(job(null)),
                List.of(pod("Succeeded", 0, OK)), List.of(), T1);
        LoomioBackupStatus s = done.status();
        assertThat(s.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(s.backupName()).isEqualTo("loomio-manual-20261122-100003.sql.gz.enc");
        assertThat(s.sizeBytes()).isEqualTo(1_300_000L);
        assertThat(s.size()).isEqualTo("1.2Mi");
        assertThat(s.targets()).containsExactly("Local", "Drive");
        assertThat(s.completedAt()).isEqualTo("2026-11-22T10:00:05Z");
        assertThat(s.startedAt()).isEqualTo("2026-11-22T10:00:01Z");
        assertThat(s.conditions(), ConditionType.READY).isTrue().hasReason(ConditionReason.BACKUP_COMPLETED)
                .hasMessageContaining("stored on Local and Drive");
        assertThat(s.conditions(), ConditionType.RECONCILING).isFalse();
        assertThat(s.conditions(), ConditionType.STALLED).isFalse();

        b.setStatus(s);
        BackupProgress.Step after = step(b, Optional.empty(), Optional.empty(), List.of(), List.of(),
                T1.plusSeconds(60));
        assertThat(after.status()).as("final: its Job and instance may go").isSameAs(s);
        assertThat(after.createJob()).isFalse();
        assertThat(after.waiting()).isFalse();
    }

    @Test
    void whileItRunsItShowsWhatTheAgentReportedWritten() throws Exception {
        LoomioBackup b = backup();
        b.setStatus(step(b, Optional.of(instance(true)), Optional.empty(), List.of(), List.of(), T0).status());
        ProgressReport dumped = new ProgressReport(ProgressReport.DUMP, "loomio-manual-20261122-100003.sql.gz.enc",
                "Postgres", 125_829_120L, null, 9_437_184L);

        BackupProgress.Step running = BackupProgress.next(new BackupObserved(b, Optional.of(instance(true)),
                Optional.of(job(null)), List.of(pod("Running", 0, null)), List.of(), Optional.of(dumped)), T1);

        assertThat(running.status().phase()).isEqualTo(BackupPhase.RUNNING);
        assertThat(running.status().bytesWritten()).isEqualTo(125_829_120L);
        assertThat(running.status().conditions(), ConditionType.READY).hasReason(ConditionReason.BACKUP_RUNNING)
                .hasMessageContaining("dumping loomio-manual-20261122-100003.sql.gz.enc from Postgres: 120.0 MiB,"
                        + " 9.0 MiB/s");
    }

    @Test
    void failuresAreFinalAndSayWhy() throws Exception {
        LoomioBackup noSecret = backup();
        LoomioInstance without = instance(true);
        without.getSpec().getBackup().setSecretRef(null);
        BackupProgress.Step refused = step(noSecret, Optional.of(without), Optional.empty(), List.of(), List.of(), T0);
        assertThat(refused.status().phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(refused.createJob()).isFalse();
        assertThat(refused.status().conditions(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUPS_NOT_CONFIGURED).hasMessageContaining("spec.backup.secretRef");

        LoomioBackup b = backup();
        b.setStatus(step(b, Optional.of(instance(true)), Optional.empty(), List.of(), List.of(), T0).status());
        BackupProgress.Step wrongKey = step(b, Optional.of(instance(true)), Optional.of(job(null)),
                List.of(pod("Failed", 1, WRONG_KEY)), List.of(), T1);
        assertThat(wrongKey.status().phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(wrongKey.status().error()).contains("neither a Fernet key nor a passphrase")
                .contains("older backups are untouched");
        assertThat(wrongKey.status().conditions(), ConditionType.STALLED).isTrue()
                .hasReason(ConditionReason.BACKUP_FAILED);
        assertThat(wrongKey.status().conditions(), ConditionType.RECONCILING).isFalse();

        BackupProgress.Step deadline = step(b, Optional.of(instance(true)), Optional.of(job("DeadlineExceeded")),
                List.of(), List.of(), T1);
        assertThat(deadline.status().conditions(), ConditionType.STALLED).hasReason(ConditionReason.BACKUP_JOB_FAILED)
                .hasMessageContaining("DeadlineExceeded");

        BackupProgress.Step jobGone = step(b, Optional.of(instance(true)), Optional.empty(), List.of(), List.of(), T1);
        assertThat(jobGone.status().phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(jobGone.createJob()).as("a deleted Job is not silently rerun").isFalse();
        assertThat(jobGone.status().error()).contains("was deleted before it finished");
    }

    @Test
    void sizesInBinaryUnits() {
        assertThat(BackupProgress.human(512L)).isEqualTo("512B");
        assertThat(BackupProgress.human(2048L)).isEqualTo("2.0Ki");
        assertThat(BackupProgress.human(130L * 1024 * 1024)).isEqualTo("130Mi");
        assertThat(BackupProgress.human(3L * 1024 * 1024 * 1024 / 2)).isEqualTo("1.5Gi");
    }
}
