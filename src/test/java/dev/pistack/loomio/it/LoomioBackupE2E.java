package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On-demand backups on the real node: a LoomioBackup runs the agent once in a Job of its own, one at a time per
 * instance, records name, size and targets, and the backup it took is what the next Postgres start restores; a
 * failing one says why and leaves every older backup as it was.
 */
@EndToEnd
class LoomioBackupE2E {
    private static final Logger LOG = Logger.getLogger(LoomioBackupE2E.class);
    private static final Duration RUN = Duration.ofMinutes(3);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-loomiobackup");
        loop = new Durability(client, namespace);
    }

    private LoomioBackup create(String name) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        b.setSpec(spec);
        return client.resource(b).create();
    }

    private LoomioBackup get(String name) {
        return client.resources(LoomioBackup.class).inNamespace(namespace).withName(name).get();
    }

    private LoomioBackupStatus awaitFinished(String name) {
        return await().atMost(RUN).pollInterval(Duration.ofMillis(500)).until(() -> get(name).getStatus(),
                s -> s != null && s.phase() != null && s.phase().finished());
    }

    /** @return file name → size of the local backups */
    private Map<String, Long> localFiles() throws IOException {
        try (Stream<Path> files = Files.list(loop.localBackups())) {
            return files.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> p.toFile().length(),
                    (a, b) -> a, TreeMap::new));
        }
    }

    @Test
    void twoBackupsRunOneAfterTheOtherAndTheNewestIsWhatAStartRestores() throws Exception {
        Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        loop.loadFixture(first);
        loop.psql(first, "-c", "INSERT INTO users (email, name, username, created_at, updated_at) VALUES"
                + " ('on-demand@example.org', 'On Demand', 'ondemand', now(), now())");
        String fingerprint = loop.fingerprint(first);

        create("one");
        create("two");
        boolean sawTwoWaiting = false;
        Instant deadline = Instant.now().plus(RUN);
        while (Instant.now().isBefore(deadline)) {
            LoomioBackupStatus one = get("one").getStatus();
            LoomioBackupStatus two = get("two").getStatus();
            if (one != null && two != null && one.phase() == BackupPhase.RUNNING) {
                assertThat(two.phase()).as("one backup of an instance at a time").isEqualTo(BackupPhase.PENDING);
                assertThat(two.conditions(), ConditionType.READY).hasReason(ConditionReason.QUEUED)
                        .hasMessageContaining("LoomioBackup one");
                if (!sawTwoWaiting) {
                    GitOpsStatus.assertStatus(get("two"), "queued", "InProgress", "Progressing");
                }
                sawTwoWaiting = true;
            }
            if (one != null && one.phase() != null && one.phase().finished()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(sawTwoWaiting).as("two was seen waiting while one ran").isTrue();
        LoomioBackupStatus one = awaitFinished("one");
        LoomioBackupStatus two = awaitFinished("two");
        for (LoomioBackupStatus s : new LoomioBackupStatus[]{one, two}) {
            assertThat(s.phase()).as("%s", s).isEqualTo(BackupPhase.COMPLETED);
            assertThat(s.backupName()).matches("loomio-manual-\\d{8}-\\d{6}\\.sql\\.gz\\.enc");
            assertThat(s.targets()).containsExactly("Local");
            assertThat(s.conditions(), ConditionType.READY).isTrue().hasReason(ConditionReason.BACKUP_COMPLETED);
            assertThat(s.conditions(), ConditionType.STALLED).isFalse();
            assertThat(localFiles()).as("the file is on the backup volume with the recorded size")
                    .containsEntry(s.backupName(), s.sizeBytes());
        }
        assertThat(Instant.parse(two.startedAt())).as("two started after one completed")
                .isAfterOrEqualTo(Instant.parse(one.completedAt()));
        LOG.infof("on-demand backups: %s %s in %.1f s; %s %s in %.1f s", one.backupName(), one.size(),
                one.durationSeconds(), two.backupName(), two.size(), two.durationSeconds());
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus().getBackup()
                .lastSuccess().name()).as("the instance's last backup").isEqualTo(two.backupName()));
        assertThat(client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "two".equals(e.getInvolvedObject().getName())).map(Event::getReason))
                .contains("Queued", "BackupRunning", "BackupCompleted");

        Pod second = loop.awaitReady(loop.replacePostgresPod());
        assertThat(Durability.initSummary(second, "restore-fetch").get("name").asText()).isEqualTo(two.backupName());
        assertThat(loop.fingerprint(second)).as("every row, the last insert too").isEqualTo(fingerprint);
    }

    @Test
    void aFailingBackupSaysWhyAndTouchesNothingOlder() throws Exception {
        Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        loop.loadFixture(loop.postgresPod(null));
        create("good");
        assertThat(awaitFinished("good").phase()).isEqualTo(BackupPhase.COMPLETED);
        GitOpsStatus.assertStatus(get("good"), "completed", "Current", "Healthy");
        Map<String, Long> before = localFiles();
        assertThat(before).as("the backup, the credentials' copy and the uploads' folder beside it")
                .containsOnlyKeys(get("good").getStatus().backupName(), SealedCredentials.FILE_NAME,
                        BackupTarget.UPLOADS_FOLDER);

        Secret secret = client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get();
        secret.setData(null);
        secret.setStringData(Map.of("BACKUP_ENCRYPTION_KEY", ""));
        client.resource(secret).update();
        create("keyless");
        LoomioBackupStatus failed = awaitFinished("keyless");
        assertThat(failed.phase()).isEqualTo(BackupPhase.FAILED);
        assertThat(failed.error()).contains("no encryption key").contains("older backups are untouched");
        // The agent stops before its pipeline (and its JSON summary): the reason says the pod failed, with its log.
        assertThat(failed.conditions(), ConditionType.STALLED).isTrue().hasReason(ConditionReason.BACKUP_POD_FAILED);
        assertThat(failed.error()).doesNotContain("JAVA_TOOL_OPTIONS");
        assertThat(failed.conditions(), ConditionType.READY).isFalse();
        assertThat(GitOpsStatus.assertStatus(get("keyless"), "failed", "Failed", "Degraded"))
                .contains("no encryption key");
        assertThat(localFiles()).as("the older backup, byte count and all").isEqualTo(before);
        assertThat(client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
            assertThat(e.getInvolvedObject().getName()).isEqualTo("keyless");
            assertThat(e.getType()).isEqualTo("Warning");
            assertThat(e.getMessage()).contains("no encryption key");
        });
        LOG.infof("failed on-demand backup: %s", failed.error());
    }
}
