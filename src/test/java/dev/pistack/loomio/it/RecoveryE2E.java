package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event the project exists for, on the namespace's scale: everything of an instance on the node is destroyed
 * (the instance, its credentials Secret, its claims and volumes, the local backups) and the same LoomioInstance,
 * applied again beside the same backup Secret, comes back from the off-site copy alone: the credentials Secret as it
 * was, every row, every uploaded file. The off-site target is a real S3 server, or the fake Drive, on the node's bridge address.
 */
@EndToEnd
class RecoveryE2E {
    private static final Logger LOG = Logger.getLogger(RecoveryE2E.class);
    private static final Duration GONE = Duration.ofMinutes(3);
    private static final String BUCKET = "pi-backups";
    private static final int UPLOADED_FILES = 300;

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-recovery");
        loop = new Durability(client, namespace);
    }

    @Test
    void everythingOnTheNodeLostTheSameInstanceComesBackFromS3WithItsCredentialsAndEveryRow() throws Exception {
        try (S3Server s3 = loop.useS3(BUCKET)) {
            recover("s3", () -> assertThat(s3.keys(BUCKET))
                    .contains(namespace + ".loomio/" + SealedCredentials.FILE_NAME));
        }
    }

    @Test
    void everythingOnTheNodeLostTheSameInstanceComesBackFromDriveWithItsCredentialsAndEveryRow() throws Exception {
        FakeDrive drive = loop.useDrive();
        try (drive) {
            recover("drive", () -> assertThat(drive.filesIn(drive.filesIn(FakeDrive.ROOT_FOLDER).get(0).id()))
                    .extracting(FakeDrive.StoredFile::name).contains(SealedCredentials.FILE_NAME));
        }
        assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
    }

    /**
     * @param target the off-site target the backup Secret configures, as the agent names it
     * @param copyIsOffsite asserts that the target holds the credentials' copy after the first backup
     */
    private void recover(String target, Runnable copyIsOffsite) throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        assertThat(loop.instanceEvents()).extracting(Event::getReason).as("nothing off-site yet: a new install")
                .contains("CredentialsGenerated");
        loop.writeUploads(created, "blob", UPLOADED_FILES - 5, 2_000_000);
        JsonNode first = uploadsOf(loop.backupNow(), target);
        assertThat(first.get("files").asInt()).isEqualTo(UPLOADED_FILES - 4);
        assertThat(first.get("sentFiles").asInt()).isEqualTo(UPLOADED_FILES - 4);
        loop.writeUploads(created, "later", 5, 0);
        JsonNode second = uploadsOf(loop.backupNow(), target);
        assertThat(second.get("files").asInt()).isEqualTo(UPLOADED_FILES + 1);
        assertThat(second.get("sentFiles").asInt()).as("only the new files go off-site again").isEqualTo(5);
        LOG.infof("uploads to %s: first backup %d files, %d bytes sent; second %d new files, %d bytes sent", target,
                first.get("sentFiles").asInt(), first.get("sentBytes").asLong(), second.get("sentFiles").asInt(),
                second.get("sentBytes").asLong());
        Map<String, String> uploads = Durability.checksums(loop.hostPathOf(Names.uploads(created)));
        assertThat(uploads).hasSize(UPLOADED_FILES + 1);
        String fingerprint = loop.fixtureWithARowAfterTheHourlyBackup(loop.postgresPod(null));
        copyIsOffsite.run();
        Map<String, String> credentials = credentials().getData();
        Path localBackups = loop.localBackupsOf(created);

        // Deleting takes a final backup (off-site too), with the row inserted after the hourly one.
        client.resource(loop.instance()).delete();
        await().atMost(GONE).pollInterval(Duration.ofMillis(500))
                .until(() -> client.resources(LoomioInstance.class).inNamespace(namespace).withName("loomio")
                        .get() == null);
        await().atMost(GONE).until(() -> client.pods().inNamespace(namespace)
                .withName(Names.postgres(created) + "-0").get() == null);
        destroyEverythingOnTheNode(created, localBackups);

        long start = System.nanoTime();
        LoomioInstance again = Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        double seconds = (System.nanoTime() - start) / 1e9;
        // The app and worker pods restore the uploads before Loomio starts (whose image the node lacks).
        UploadsRestoreStatus restoredUploads = await().atMost(GONE).pollInterval(Duration.ofMillis(500))
                .until(() -> loop.instance().getStatus().getRestore() == null
                        ? null
                        : loop.instance().getStatus().getRestore().uploads(), u -> u != null);
        double uploadsSeconds = (System.nanoTime() - start) / 1e9;
        assertThat(restoredUploads.files()).isEqualTo(UPLOADED_FILES + 1);
        assertThat(restoredUploads.source()).isEqualToIgnoringCase(target);
        assertThat(Durability.checksums(loop.hostPathOf(Names.uploads(again))))
                .as("every uploaded file byte-identical, in a new volume").isEqualTo(uploads);
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("UploadsRestored");

        Secret recovered = credentials();
        assertThat(recovered.getData()).as("the credentials Secret as it was").isEqualTo(credentials);
        assertThat(recovered.getMetadata().getAnnotations())
                .containsEntry(CredentialsSecret.RECOVERED_ANNOTATION, "true");
        assertThat(loop.instanceEvents()).filteredOn(e -> e.getReason().equals("CredentialsRecovered"))
                .singleElement().satisfies(e -> assertThat(e.getMessage()).contains("taken back from " + target)
                        .doesNotContain(credentials.values().iterator().next()));
        Pod restored = loop.postgresPod(null);
        assertThat(Durability.initSummary(client.resource(restored).get(), PostgresRestore.FETCH)
                .get("source").asText()).isEqualTo(target);
        assertThat(loop.fingerprint(restored)).as("every row, the one after the hourly backup too")
                .isEqualTo(fingerprint);
        assertThat(loop.instance().getStatus(), ConditionType.DATABASE_READY).isTrue();
        LOG.infof("recovery from %s alone: kubectl apply → DatabaseReady in %.1f s, uploads (%d files, %d bytes)"
                + " restored in %.1f s (the restore itself %.1f s)", target, seconds, restoredUploads.files(),
                restoredUploads.bytes(), uploadsSeconds, restoredUploads.durationSeconds());
    }

    /** @return what a backup's summary says of the uploads on that target */
    private static JsonNode uploadsOf(JsonNode summary, String target) {
        assertThat(summary.get("status").asText()).as(summary.toString()).isEqualTo("ok");
        for (JsonNode t : summary.get("targets")) {
            if (t.get("target").asText().equals(target)) {
                return t.get("uploads");
            }
        }
        throw new AssertionError("no " + target + " in " + summary);
    }

    private Secret credentials() {
        return client.secrets().inNamespace(namespace).withName("loomio-credentials").get();
    }

    /** What a dead SD card takes: every claim and its volume, the local backups, the credentials Secret. */
    private void destroyEverythingOnTheNode(LoomioInstance created, Path localBackups) throws Exception {
        client.secrets().inNamespace(namespace).withName(Names.credentialsSecret(created)).delete();
        // The final backup's LoomioBackup and Job outlive the instance; a claim goes only once no pod, finished ones
        // included, names it.
        client.resources(LoomioBackup.class).inNamespace(namespace).delete();
        client.batch().v1().jobs().inNamespace(namespace).withPropagationPolicy(DeletionPropagation.BACKGROUND)
                .delete();
        client.pods().inNamespace(namespace).delete();
        await().atMost(GONE).untilAsserted(() -> assertThat(client.pods().inNamespace(namespace).list().getItems())
                .extracting(p -> p.getMetadata().getName()).isEmpty());
        for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(namespace).list()
                .getItems()) {
            String volume = claim.getSpec().getVolumeName();
            client.resource(claim).delete();
            await().atMost(GONE).untilAsserted(() -> assertThat(client.resource(claim).get())
                    .as("claim %s", claim.getMetadata().getName()).isNull());
            if (volume != null) {
                client.persistentVolumes().withName(volume).delete();
                await().atMost(GONE).until(() -> client.persistentVolumes().withName(volume).get() == null);
            }
        }
        try (Stream<Path> files = Files.walk(localBackups)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
