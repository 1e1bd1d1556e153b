package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.lifecycle.FinalBackup;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PlannedStop on the real node: {@code spec.hibernate: true} stops the app tier, stores a final backup on the local
 * volume and (fake) Drive, stops Postgres and Redis and suspends the CronJobs; {@code false} restores every row. A
 * final backup that fails keeps Postgres (and its RAM) running and says how to go on.
 */
@EndToEnd
class HibernateE2E {
    private static final Logger LOG = Logger.getLogger(HibernateE2E.class);
    private static final Duration TRANSITION = Duration.ofMinutes(4);
    private static final Set<String> LONG_RUNNING = Set.of("database", "redis", "app", "worker", "hocuspocus");

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;
    FakeDrive drive;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-hibernate");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void stopDrive() {
        if (drive != null) {
            drive.close();
            assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
        }
    }

    /** A merge patch: no resourceVersion, so the operator's status writes meanwhile cannot make it conflict. */
    private LoomioInstance hibernate(boolean hibernate) {
        return Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"hibernate\":" + hibernate + "}}");
    }

    private void annotateSkip(String value) {
        Cluster.patch(client, namespace, "loomio", "{\"metadata\":{\"annotations\":{\""
                + FinalBackup.SKIP_ANNOTATION + "\":" + (value == null ? "null" : "\"" + value + "\"") + "}}}");
    }

    private void awaitCondition(ConditionType type, ConditionReason reason) {
        await().atMost(TRANSITION).pollInterval(Duration.ofSeconds(1)).until(() -> {
            LoomioInstance now = loop.instance();
            return now.getStatus() != null && Conditions.find(now.getStatus().getConditions(), type)
                    .filter(c -> reason.value().equals(c.getReason())).isPresent();
        });
    }

    /** @return the component labels of the instance's long-running pods (Job pods left aside) */
    private List<String> runningComponents() {
        return client.pods().inNamespace(namespace).withLabel("app.kubernetes.io/instance", "loomio").list()
                .getItems().stream().map(p -> p.getMetadata().getLabels().get("app.kubernetes.io/component"))
                .filter(LONG_RUNNING::contains).toList();
    }

    private boolean suspended(String cronJob) {
        CronJob c = client.batch().v1().cronjobs().inNamespace(namespace).withName(cronJob).get();
        return Boolean.TRUE.equals(c.getSpec().getSuspend());
    }

    @Test
    void hibernateAndResumeLoseNoRow() throws Exception {
        drive = loop.useDrive();
        LoomioInstance created = Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.fixtureWithARowAfterTheHourlyBackup(first);

        long start = System.nanoTime();
        LoomioInstance asked = hibernate(true);
        awaitCondition(ConditionType.HIBERNATED, ConditionReason.HIBERNATED);
        double hibernateSeconds = (System.nanoTime() - start) / 1e9;

        LoomioInstance hibernated = loop.instance();
        String backupName = "loomio-hibernate-" + asked.getMetadata().getGeneration();
        assertThat(hibernated.getStatus().getHibernation().backup()).isEqualTo(backupName);
        LoomioBackupStatus fin = client.resources(LoomioBackup.class).inNamespace(namespace).withName(backupName)
                .get().getStatus();
        assertThat(fin.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(fin.targets()).containsExactly("Local", "Drive");
        assertThat(Files.exists(loop.localBackupsOf(created).resolve(fin.backupName()))).isTrue();
        assertThat(runningComponents()).as("no pod of the app or data tier").isEmpty();
        assertThat(suspended(Names.backupCronJob(created))).isTrue();
        var conditions = hibernated.getStatus().getConditions();
        assertThat(Conditions.find(conditions, ConditionType.READY).orElseThrow().getReason())
                .isEqualTo(ConditionReason.HIBERNATED.value());
        assertThat(Conditions.isTrue(conditions, ConditionType.READY)).as("the state asked for, reached: kstatus reads"
                + " a Ready False as InProgress").isTrue();
        assertThat(Conditions.isTrue(conditions, ConditionType.RECONCILING)).as("kstatus: Current").isFalse();
        assertThat(Conditions.isTrue(conditions, ConditionType.STALLED)).isFalse();
        assertThat(Conditions.find(conditions, ConditionType.MEMORY_HEALTHY)).as("nothing to sample").isEmpty();
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("StoppingAppTier", "TakingFinalBackup",
                "StoppingDataTier", "Hibernated");

        start = System.nanoTime();
        hibernate(false);
        loop.awaitDatabaseReady();
        double resumeSeconds = (System.nanoTime() - start) / 1e9;
        Pod restored = loop.postgresPod(null);
        assertThat(Durability.initSummary(client.resource(restored).get(), "restore-fetch").get("name").asText())
                .as("the hibernation's backup").isEqualTo(fin.backupName());
        assertThat(loop.fingerprint(restored)).as("zero rows lost, the insert after the hourly backup too")
                .isEqualTo(fingerprint);
        await().atMost(Cluster.TIMEOUT).until(() -> loop.instance().getStatus().getHibernation() == null);
        assertThat(suspended(Names.backupCronJob(created))).isFalse();
        assertThat(Conditions.find(loop.instance().getStatus().getConditions(), ConditionType.HIBERNATED)).isEmpty();
        assertThat(loop.instanceEvents()).extracting(Event::getReason).contains("Resuming");
        LOG.infof("hibernate: %.1f s (final backup %s, %s); resume to DatabaseReady: %.1f s (%d bytes of SQL"
                + " restored)", hibernateSeconds, fin.backupName(), fin.size(), resumeSeconds,
                loop.restoredSqlBytes());
    }

    @Test
    void aFailingFinalBackupKeepsPostgresRunningUntilTheUserSkipsIt() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod postgres = loop.postgresPod(null);
        Secret secret = client.secrets().inNamespace(namespace).withName(Cluster.BACKUP_SECRET).get();
        secret.setData(null);
        secret.setStringData(Map.of("BACKUP_ENCRYPTION_KEY", ""));
        client.resource(secret).update();

        hibernate(true);
        awaitCondition(ConditionType.STALLED, ConditionReason.PLANNED_STOP_BLOCKED);
        var stalled = Conditions.find(loop.instance().getStatus().getConditions(), ConditionType.STALLED)
                .orElseThrow();
        assertThat(stalled.getMessage()).contains("no encryption key", FinalBackup.SKIP_ANNOTATION,
                "spec.hibernate to false");
        assertThat(loop.postgresPod(null).getMetadata().getUid()).as("its RAM is kept")
                .isEqualTo(postgres.getMetadata().getUid());
        assertThat(runningComponents()).containsOnly("database", "redis");
        assertThat(loop.instanceEvents()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("PlannedStopBlocked");
            assertThat(e.getType()).isEqualTo("Warning");
        });

        annotateSkip("true");
        awaitCondition(ConditionType.HIBERNATED, ConditionReason.HIBERNATED);
        assertThat(loop.instance().getStatus().getHibernation().backup()).isNull();
        assertThat(runningComponents()).isEmpty();

        // The GitOps path: a hibernated instance is deleted at once; no final backup is attempted (nothing runs).
        annotateSkip(null);
        client.resource(loop.instance()).delete();
        await().atMost(Duration.ofMinutes(1)).until(() -> client.resources(LoomioInstance.class)
                .inNamespace(namespace).withName(created.getMetadata().getName()).get() == null);
        assertThat(loop.instanceEvents()).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("FinalBackupSkipped");
            assertThat(e.getType()).isEqualTo("Normal");
            assertThat(e.getMessage()).contains("hibernates without a final backup");
        });
        assertThat(loop.instanceEvents()).extracting(Event::getReason).doesNotContain("FinalBackupRunning",
                "FinalBackupImpossible");
    }
}
