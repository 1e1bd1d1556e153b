package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.AppDeployments;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.lifecycle.FinalBackup;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deleting a RAM-mode instance on the real node: the finalizer stops the app tier, takes a final backup to the local
 * volume and (fake) Drive, and only then lets it go; a new instance of the same name restores every row. With the
 * skip annotation nothing waits; with a foreground deletion (its Postgres pod goes first) a Warning names the newest
 * backup and nothing hangs.
 */
@EndToEnd
class FinalBackupE2E {
    private static final Logger LOG = Logger.getLogger(FinalBackupE2E.class);
    private static final Duration GONE = Duration.ofMinutes(3);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;
    FakeDrive drive;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-final-backup");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void stopDrive() {
        if (drive != null) {
            drive.close();
            assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
        }
    }

    /** Waits until the instance is gone (a boolean: awaitility's predicates never match a null value). */
    private void awaitGone(LoomioInstance instance) {
        await().atMost(GONE).pollInterval(Duration.ofMillis(500)).until(() -> {
            LoomioInstance now = client.resources(LoomioInstance.class).inNamespace(namespace).withName("loomio").get();
            return now == null || !now.getMetadata().getUid().equals(instance.getMetadata().getUid());
        });
    }

    @Test
    void aDeleteTakesAFinalBackupThatTheNextInstanceOfTheSameNameRestores() throws Exception {
        drive = loop.useDrive();
        LoomioInstance created = Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.fixtureWithARowAfterTheHourlyBackup(first);
        LoomioInstance instance = loop.instance();

        // The app tier's pods exist (waiting for a migration the Loomio image cannot run here): the final backup
        // waits until they are gone.
        assertThat(client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, AppDeployments.APP).list()
                .getItems()).isNotEmpty();
        long start = System.nanoTime();
        client.resource(instance).delete();
        awaitGone(instance);
        double seconds = (System.nanoTime() - start) / 1e9;

        LoomioBackupStatus fin = client.resources(LoomioBackup.class).inNamespace(namespace)
                .withName(FinalBackup.backupName(created)).get().getStatus();
        assertThat(fin.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(fin.backupName()).startsWith("loomio-final-");
        assertThat(fin.targets()).containsExactly("Local", "Drive");
        assertThat(Files.exists(loop.localBackupsOf(created).resolve(fin.backupName()))).isTrue();
        FakeDrive.StoredFile folder = drive.filesIn(FakeDrive.ROOT_FOLDER).stream().findFirst().orElseThrow();
        assertThat(drive.filesIn(folder.id())).extracting(FakeDrive.StoredFile::name).contains(fin.backupName());
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("StoppingAppTier",
                "FinalBackupRunning", "FinalBackupCompleted");
        LOG.infof("delete with final backup: %s (%s) in %.1f s", fin.backupName(), fin.size(), seconds);

        // The old Postgres pod terminates after the instance is gone; until it has, a new instance's status would
        // read it (same name), and so would this test.
        await().atMost(Durability.START).until(() -> client.pods().inNamespace(namespace)
                .withName(Names.postgres(created) + "-0").get() == null);
        // Its backup PVC was kept: no new volume.
        LoomioInstance again = Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace));
        again.getSpec().getPostgres().setDataSize(Durability.lifecycleDataSize());
        client.resource(again).create();
        loop.awaitDatabaseReady();
        Pod restored = loop.postgresPod(null);
        assertThat(Durability.initSummary(client.resource(restored).get(), "restore-fetch").get("name").asText())
                .isEqualTo(fin.backupName());
        assertThat(loop.fingerprint(restored)).as("zero rows lost, the insert after the hourly backup too")
                .isEqualTo(fingerprint);
    }

    @Test
    void theSkipAnnotationDeletesAtOnceWithoutABackup() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        // A merge patch: no resourceVersion, so the operator's status writes cannot make it conflict.
        Cluster.patch(client, namespace, "loomio",
                "{\"metadata\":{\"annotations\":{\"" + FinalBackup.SKIP_ANNOTATION + "\":\"true\"}}}");
        client.resource(loop.instance()).delete();
        awaitGone(created);
        assertThat(client.resources(LoomioBackup.class).inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("FinalBackupSkipped")
                .doesNotContain("FinalBackupRunning");
    }

    @Test
    void aForegroundDeletionSaysWhichBackupIsTheNewestAndDoesNotHang() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        loop.loadFixture(loop.postgresPod(null));
        String hourly = loop.backupNow().get("name").asText();
        await().atMost(Cluster.TIMEOUT).until(() -> loop.instance().getStatus().getBackup() != null);
        client.resource(loop.instance()).withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        awaitGone(created);
        assertThat(client.resources(LoomioBackup.class).inNamespace(namespace).list().getItems()).isEmpty();
        assertThat(loop.instanceEvents()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("FinalBackupImpossible");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("foreground deletion", hourly);
        });
    }
}
