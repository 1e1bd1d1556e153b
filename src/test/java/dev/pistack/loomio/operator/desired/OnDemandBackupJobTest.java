package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** An on-demand backup runs the scheduled backup's pod, with its own kind and without pruning. */
class OnDemandBackupJobTest {
    private static LoomioBackup backup(BackupKind kind) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName("before-upgrade").withNamespace("loomio").withUid("uid-7")
                .build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        spec.setKind(kind);
        b.setSpec(spec);
        return b;
    }

    @Test
    void thePodOfTheBackupCronJobWithTheKindAndNoPruning() {
        LoomioInstance instance = Samples.load(Samples.PRODUCTION, "loomio");
        Job job = OnDemandBackupJob.desired(backup(BackupKind.FINAL), instance, Samples.AGENT_IMAGE,
                DatabaseLogin.LOOMIO);
        CronJob cron = BackupCronJob.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL, DatabaseLogin.LOOMIO);

        assertThat(job.getMetadata().getName()).isEqualTo("before-upgrade");
        assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("LoomioBackup");
            assertThat(o.getUid()).isEqualTo("uid-7");
            assertThat(o.getController()).isTrue();
        });
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(cron.getSpec().getJobTemplate().getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(OnDemandBackupJob.BACKUP_LABEL, "before-upgrade");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds())
                .isEqualTo(cron.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds());

        PodSpec onDemand = job.getSpec().getTemplate().getSpec();
        PodSpec scheduled = Serialization.clone(cron.getSpec().getJobTemplate().getSpec().getTemplate().getSpec());
        Container agent = onDemand.getContainers().get(0);
        assertThat(agent.getArgs()).containsExactly("agent", "backup", "--kind", "final", "--no-prune",
                "--summary-file", "/dev/termination-log", "--credentials-dir", "/credentials", "--uploads-dir",
                "/uploads",
                "--staging-dir",
                "/staging");
        scheduled.getContainers().get(0).setArgs(agent.getArgs());
        // A LoomioBackup asks for a file: it never skips an unchanged database, as scheduled runs do.
        assertThat(scheduled.getContainers().get(0).getEnv().removeIf(
                e -> e.getName().equals(AgentCli.ENV_SKIP_UNCHANGED_SINCE))).isTrue();
        assertThat(onDemand).as("everything but the arguments and the skip: image, env, Secret, volumes, limits,"
                + " security").isEqualTo(scheduled);
    }

    @Test
    void aManualBackupSaysSoInItsName() {
        Job job = OnDemandBackupJob.desired(backup(BackupKind.MANUAL), Samples.load(Samples.PRODUCTION, "loomio"),
                Samples.AGENT_IMAGE, DatabaseLogin.LOOMIO);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsSequence("--kind", "manual", "--no-prune");
    }
}
