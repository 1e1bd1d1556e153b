package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestorePhase;
import dev.pistack.loomio.api.v1alpha1.SourceInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LoomioRestore on the real node, RAM mode: a named older backup comes back and its safety backup undoes it; "the
 * newest backup at or before T" restores the state of T; a backup that no target holds restores nothing and the
 * instance runs on with the data it had; the same LoomioRestore applied again does nothing.
 */
@EndToEnd
class LoomioRestoreE2E {
    private static final Logger LOG = Logger.getLogger(LoomioRestoreE2E.class);
    private static final Duration RESTORE = Duration.ofMinutes(5);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-loomiorestore");
        loop = new Durability(client, namespace);
    }

    private LoomioRestore restore(String name, String backup, String before) {
        LoomioRestore r = new LoomioRestore();
        r.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        LoomioRestoreSpec spec = new LoomioRestoreSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        spec.setBackup(backup);
        spec.setBefore(before);
        r.setSpec(spec);
        return r;
    }

    /** Creates it and waits until it finished and the database serves again; @return its final status */
    private LoomioRestoreStatus run(LoomioRestore r) {
        return run(r, loop);
    }

    private LoomioRestoreStatus run(LoomioRestore r, Durability loop) {
        long start = System.nanoTime();
        client.resource(r).create();
        LoomioRestoreStatus done = await().atMost(RESTORE).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resource(r).get().getStatus(),
                        s -> s != null && s.phase() != null && s.phase().finished());
        await().atMost(RESTORE).pollInterval(Duration.ofMillis(500)).until(() -> Conditions.isTrue(
                loop.instance().getStatus().getConditions(), ConditionType.DATABASE_READY));
        LOG.infof("LoomioRestore %s: %s in %.1f s (%s)", r.getMetadata().getName(), done.phase(),
                (System.nanoTime() - start) / 1e9, done.message());
        return done;
    }

    /**
     * Takes a Manual backup: retention keeps it (two scheduled backups within one hour keep only the newer).
     *
     * @return its file name
     */
    private String manualBackup(String name) {
        return manualBackup(name, namespace);
    }

    private String manualBackup(String name, String namespace) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        b.setSpec(spec);
        client.resource(b).create();
        LoomioBackupStatus done = await().atMost(RESTORE).until(() -> client.resource(b).get().getStatus(),
                st -> st != null && st.phase() != null && st.phase().finished());
        assertThat(done.phase()).as(done.error()).isEqualTo(BackupPhase.COMPLETED);
        return done.backupName();
    }

    private Pod readyPostgres() {
        return readyPostgres(loop);
    }

    private static Pod readyPostgres(Durability loop) {
        return await().atMost(RESTORE).until(() -> loop.postgresPod(null), p -> p != null && Durability.ready(p));
    }

    @Test
    void aNamedOlderBackupComesBackAndItsSafetyBackupUndoesIt() throws Exception {
        Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String before = loop.loadFixture(first);
        loop.writeUploads(loop.instance(), "attachment", 12, 0);
        Path uploads = loop.hostPathOf(Names.uploads(loop.instance()));
        Map<String, String> uploadsThen = Durability.checksums(uploads);
        String older = manualBackup("before-the-deletion");
        loop.psql(first, "-c", "DELETE FROM comments WHERE id % 2 = 0");
        // The deletion purged an attachment (Active Storage deletes the file) and someone uploaded a new one.
        Path purged = uploads.resolve(uploadsThen.keySet().iterator().next());
        Files.delete(purged);
        Path added = purged.resolveSibling("uploaded-after");
        Files.writeString(added, "later");
        String after = loop.fingerprint(first);
        assertThat(after).isNotEqualTo(before);
        assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");

        LoomioRestore undoDeletion = restore("undo-deletion", older, null);
        LoomioRestoreStatus done = run(undoDeletion);

        assertThat(done.phase()).as(done.message()).isEqualTo(RestorePhase.COMPLETED);
        assertThat(done.restoredBackup()).isEqualTo(older);
        assertThat(done.safetyBackupName()).startsWith("loomio-prerestore-");
        Pod restored = readyPostgres();
        assertThat(restored.getMetadata().getUid()).isNotEqualTo(first.getMetadata().getUid());
        assertThat(loop.fingerprint(restored)).as("the named backup's data").isEqualTo(before);
        Map<String, String> uploadsNow = Durability.checksums(uploads);
        assertThat(uploadsNow).as("the purged attachment is back").containsAllEntriesOf(uploadsThen);
        assertThat(added).as("a file added later stays: a restore removes no upload").exists();
        assertThat(client.resources(LoomioBackup.class).inNamespace(namespace).withName(done.postRestoreBackup())
                .get().getStatus().phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(client.configMaps().inNamespace(namespace).withName(Names.restore(loop.instance())).get()
                .getData()).as("the choice is taken out once the restored data is backed up")
                .containsEntry(RestoreConfigMap.BACKUP, "").containsEntry(RestoreConfigMap.BEFORE, "");
        assertThat(loop.instanceEvents()).extracting(Event::getReason)
                .contains("StoppingAppTier", "TakingFinalBackup", "StoppingDataTier", "RestoringBackup",
                        "BackingUpRestoredData", "BackupRestored");

        // A Postgres start from now on brings the restored data back, not the data it replaced.
        Pod replaced = loop.awaitReady(loop.replacePostgresPod());
        assertThat(loop.fingerprint(replaced)).isEqualTo(before);

        LoomioRestoreStatus undone = run(restore("undo-the-undo", done.safetyBackupName(), null));
        assertThat(undone.phase()).as(undone.message()).isEqualTo(RestorePhase.COMPLETED);
        Pod back = readyPostgres();
        assertThat(loop.fingerprint(back)).as("the safety backup holds the state the restore replaced")
                .isEqualTo(after);

        // The same manifest applied again (GitOps) does nothing.
        client.resource(restore("undo-deletion", older, null)).fieldManager("argocd").forceConflicts()
                .serverSideApply();
        Thread.sleep(15_000);
        assertThat(loop.postgresPod(null).getMetadata().getUid()).isEqualTo(back.getMetadata().getUid());
        assertThat(client.resource(undoDeletion).get().getStatus().phase()).isEqualTo(RestorePhase.COMPLETED);
    }

    @Test
    void theNewestBackupAtOrBeforeATimeComesBackAndAnAbsentOneRestoresNothing() throws Exception {
        Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String atNine = loop.loadFixture(first);
        manualBackup("morning");
        Thread.sleep(1_100);
        String time = Instant.now().toString();
        Thread.sleep(1_100);
        loop.psql(first, "-c", "UPDATE discussions SET title = 'renamed' WHERE id % 3 = 0");
        String later = loop.fingerprint(first);
        assertThat(loop.backupNow().get("status").asText()).isEqualTo("ok");

        LoomioRestoreStatus done = run(restore("as-it-was", null, time));
        assertThat(done.phase()).as(done.message()).isEqualTo(RestorePhase.COMPLETED);
        Pod restored = readyPostgres();
        assertThat(loop.fingerprint(restored)).as("the state at %s", time).isEqualTo(atNine);

        LoomioRestoreStatus absent = run(restore("typo", "loomio-hourly-20000101-000000.sql.gz.enc", null));
        assertThat(absent.phase()).isEqualTo(RestorePhase.FAILED);
        assertThat(absent.message()).contains("no target holds backup loomio-hourly-20000101-000000.sql.gz.enc");
        Pod unchanged = readyPostgres();
        assertThat(loop.fingerprint(unchanged)).as("the data it had, from the safety backup").isEqualTo(atNine)
                .isNotEqualTo(later);
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("LoomioRestoreFailed");
        assertThat(Conditions.isTrue(loop.instance().getStatus().getConditions(), ConditionType.DATABASE_READY))
                .isTrue();
    }

    /**
     * A clone: an instance in another namespace, with the same backup key and S3 bucket, restores a backup of the
     * source (hibernated, so the node has room) and its uploads, then keeps its own backups apart; nothing under the
     * source's prefix changes.
     */
    @Test
    void aCloneInAnotherNamespaceRestoresTheSourcesBackupsAndLeavesThemAlone() throws Exception {
        String bucket = "clone-" + namespace;
        try (S3Server s3 = loop.useS3(bucket)) {
            Node.createProduction(client, namespace, Durability.lifecycleDataSize());
            loop.awaitDatabaseReady();
            String fingerprint = loop.loadFixture(loop.postgresPod(null));
            loop.writeUploads(loop.instance(), "shared", 6, 0);
            Map<String, String> uploads = Durability.checksums(loop.hostPathOf(Names.uploads(loop.instance())));
            String backup = manualBackup("to-clone");
            // The source hibernates (a final backup, then nothing runs): the node has room for the clone.
            Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":true}}");
            await().atMost(RESTORE).until(() -> Conditions.isTrue(loop.instance().getStatus().getConditions(),
                    ConditionType.HIBERNATED));
            List<String> sourceKeys = s3.keys(bucket).stream().filter(k -> k.startsWith(namespace + ".loomio/"))
                    .toList();
            assertThat(sourceKeys).contains(namespace + ".loomio/" + backup);

            String cloneNamespace = Node.namespace(client, "e2e-clone");
            Secret key = client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get();
            Secret same = client.secrets().inNamespace(cloneNamespace).withName(Cluster.BACKUP_SECRET).get();
            same.setData(key.getData());
            client.resource(same).update();
            Durability clone = new Durability(client, cloneNamespace);
            Node.createProduction(client, cloneNamespace, Durability.lifecycleDataSize());
            clone.awaitDatabaseReady();

            LoomioRestore fromSource = restore("from-production", backup, null);
            fromSource.getMetadata().setNamespace(cloneNamespace);
            fromSource.getSpec().setSource(new SourceInstance(namespace, "loomio"));
            LoomioRestoreStatus done = run(fromSource, clone);

            assertThat(done.phase()).as(done.message()).isEqualTo(RestorePhase.COMPLETED);
            assertThat(done.restoredBackup()).as("the source's backup of that name").isEqualTo(backup);
            assertThat(done.source()).isEqualTo("S3");
            assertThat(clone.fingerprint(readyPostgres(clone))).isEqualTo(fingerprint);
            assertThat(Durability.checksums(clone.hostPathOf(Names.uploads(clone.instance()))))
                    .as("the source's uploads, byte for byte").isEqualTo(uploads);
            assertThat(s3.keys(bucket).stream().filter(k -> k.startsWith(namespace + ".loomio/")).toList())
                    .as("the source is never written to").isEqualTo(sourceKeys);
            assertThat(s3.keys(bucket)).as("the clone keeps its own backups, under its own prefix")
                    .anyMatch(k -> k.startsWith(cloneNamespace + ".loomio/loomio-postrestore-"));
        }
    }
}
