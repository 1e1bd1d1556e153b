package dev.pistack.loomio.operator.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.MigrationJob;
import dev.pistack.loomio.operator.desired.Tiers;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaleMigrationJobsTest {
    private final LoomioInstance instance = Samples.load(Samples.PRODUCTION, "ns");

    @Test
    void earlierMigrationsGoOnlyOnceTheCurrentOneCompleted() {
        LoomioInstance before = Samples.load(Samples.PRODUCTION, "ns");
        before.getSpec().setImage("loomio/loomio:v2");
        Job old = MigrationJob.desired(before, DatabaseLogin.LOOMIO);
        Job backup = new JobBuilder().withNewMetadata().withName("loomio-backup-1")
                .withLabels(BackupCronJob.desired(instance, Samples.AGENT_IMAGE, Tiers.ALL, DatabaseLogin.LOOMIO)
                        .getMetadata().getLabels())
                .endMetadata().build();
        Job current = MigrationJob.desired(instance, DatabaseLogin.LOOMIO);

        assertThat(StaleMigrationJobs.stale(instance, List.of(old, current, backup))).isEmpty();

        current.setStatus(new io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder()
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());
        assertThat(StaleMigrationJobs.stale(instance, List.of(old, current, backup))).containsExactly(old);
    }
}
