package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change of Loomio image on the real node: the operator backs the database up (a LoomioBackup of kind PreUpgrade,
 * run by the agent against the running Postgres) and creates the new image's migration Job only once that backup
 * completed. The migration Jobs themselves wait for Loomio's image, which cannot be had here.
 */
@EndToEnd
class PreUpgradeBackupE2E {
    private static final Duration RUN = Duration.ofMinutes(3);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-upgrade");
        loop = new Durability(client, namespace);
    }

    private Job job(String name) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    @Test
    void aNewImageIsBackedUpBeforeItsMigrationStarts() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "128Mi");
        loop.awaitDatabaseReady();
        await().atMost(RUN).until(() -> job(Names.migrationJob(created)) != null);

        LoomioInstance upgraded = Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"image\":\"loomio/loomio:3.6\"}}");
        String backupName = Names.preUpgradeBackup(upgraded);
        String migration = Names.migrationJob(upgraded);
        LoomioBackup backup = await().atMost(RUN).until(
                () -> client.resources(LoomioBackup.class).inNamespace(namespace).withName(backupName).get(),
                b -> b != null);
        assertThat(backup.getSpec().getKind()).isEqualTo(BackupKind.PRE_UPGRADE);
        LoomioBackupStatus done = null;
        Instant deadline = Instant.now().plus(RUN);
        while (Instant.now().isBefore(deadline)) {
            LoomioBackupStatus status = client.resource(backup).get().getStatus();
            if (status != null && status.phase() != null && status.phase().finished()) {
                done = status;
                break;
            }
            assertThat(job(migration)).as("no migration while the backup before it runs").isNull();
            Thread.sleep(500);
        }
        assertThat(done).as("the pre-upgrade backup finished within %s", RUN).isNotNull();
        assertThat(done.phase()).as(done.error()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(done.backupName()).startsWith("loomio-preupgrade-");
        assertThat(Files.exists(loop.localBackupsOf(created).resolve(done.backupName()))).isTrue();

        Job started = await().atMost(RUN).until(() -> job(migration), j -> j != null);
        assertThat(Instant.parse(started.getMetadata().getCreationTimestamp()))
                .as("the migration Job is created after the backup completed")
                .isAfterOrEqualTo(Instant.parse(done.completedAt()).minusSeconds(1));
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("BackingUpBeforeUpgrade");
    }
}
