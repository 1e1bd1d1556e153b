package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RestartStatus;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A planned restart on the real node: a RAM-mode spec change that needs a new pod waits (RestartPending) until the
 * restart annotation asks for it; then the operator stops the app tier, takes a final backup, restarts Postgres and
 * Redis and the restore brings every row back, with the new spec in effect.
 */
@EndToEnd
class PlannedRestartE2E {
    private static final Logger LOG = Logger.getLogger(PlannedRestartE2E.class);
    private static final Duration RESTART = Duration.ofMinutes(4);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-restart");
        loop = new Durability(client, namespace);
    }

    private boolean databaseReadyWith(ConditionReason reason) {
        LoomioInstance now = loop.instance();
        return now.getStatus() != null && Conditions.find(now.getStatus().getConditions(),
                ConditionType.DATABASE_READY).filter(
                        c -> "True".equals(c.getStatus())
                                && reason.value().equals(c.getReason()))
                .isPresent();
    }

    /** Asks for a planned restart and waits until it completed and the database serves again. */
    private void restart() {
        String asked = Instant.now().toString();
        Cluster.patch(client, namespace, "loomio", "{\"metadata\":{\"annotations\":{\""
                + PlannedStop.RESTART_ANNOTATION + "\":\"" + asked + "\"}}}");
        await().atMost(RESTART).pollInterval(Duration.ofSeconds(1)).until(() -> {
            RestartStatus r = loop.instance().getStatus().getRestart();
            return r != null && asked.equals(r.requestedAt()) && r.completedAt() != null;
        });
        await().atMost(RESTART).pollInterval(Duration.ofMillis(500))
                .until(() -> databaseReadyWith(ConditionReason.READY));
    }

    /**
     * PostgreSQL 15 to 17, upstream Loomio's major, through the planned restart: the final backup is dumped by the
     * 15 client, the restore applies it with the 17 image's own binaries, every row is there, and the backups of the
     * 17 server are dumped by the 17 client (the agent picks the pg_dump of the server's major).
     */
    @Test
    void aPlannedRestartMovesTheDatabaseFrom15To17() throws Exception {
        LoomioInstance on15 = Node.withBackupVolume(client, Node.forTheNode(Samples.load(Samples.PRODUCTION,
                namespace)));
        on15.getSpec().getPostgres().setImage(Node.POSTGRES_15_IMAGE);
        on15.getSpec().getPostgres().setDataSize(Durability.lifecycleDataSize());
        client.resource(on15).create();
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.loadFixture(first);
        assertThat(loop.psql(first, "-At", "-c", "SHOW server_version_num").trim()).startsWith("15");

        Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"postgres\":{\"image\":\"" + Node.POSTGRES_IMAGE + "\"}}}");
        await().atMost(Cluster.TIMEOUT).until(() -> databaseReadyWith(ConditionReason.RESTART_PENDING));
        restart();

        Pod restarted = loop.postgresPod(first.getMetadata().getUid());
        assertThat(restarted.getSpec().getContainers().get(0).getImage()).isEqualTo(Node.POSTGRES_IMAGE);
        assertThat(loop.psql(restarted, "-At", "-c", "SHOW server_version_num").trim()).startsWith("17");
        assertThat(loop.fingerprint(restarted)).as("every row moved from 15 to 17").isEqualTo(fingerprint);

        LoomioBackup after = new LoomioBackup();
        after.setMetadata(new ObjectMetaBuilder().withName("on-17").withNamespace(namespace).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        after.setSpec(spec);
        client.resource(after).create();
        LoomioBackupStatus onSeventeen = await().atMost(RESTART).until(
                () -> client.resource(after).get().getStatus(), st -> st != null && st.phase() != null
                        && st.phase().finished());
        assertThat(onSeventeen.phase()).as("a backup of the 17 server: %s", onSeventeen.error())
                .isEqualTo(BackupPhase.COMPLETED);
    }

    @Test
    void aPlannedRestartAppliesTheNewSpecAndLosesNoRow() throws Exception {
        Node.createProduction(client, namespace, Durability.lifecycleDataSize());
        loop.awaitDatabaseReady();
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.fixtureWithARowAfterTheHourlyBackup(first);

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"postgres\":{\"dataSize\":\"320Mi\"}}}");
        await().atMost(Cluster.TIMEOUT).until(() -> databaseReadyWith(ConditionReason.RESTART_PENDING));
        assertThat(Conditions.find(loop.instance().getStatus().getConditions(), ConditionType.DATABASE_READY)
                .orElseThrow().getMessage()).contains(PlannedStop.RESTART_ANNOTATION);
        assertThat(loop.postgresPod(null).getMetadata().getUid()).as("OnDelete: the RAM is kept until asked")
                .isEqualTo(first.getMetadata().getUid());

        long start = System.nanoTime();
        restart();
        double seconds = (System.nanoTime() - start) / 1e9;

        RestartStatus done = loop.instance().getStatus().getRestart();
        LoomioBackupStatus fin = client.resources(LoomioBackup.class).inNamespace(namespace)
                .withName(done.backup()).get().getStatus();
        assertThat(fin.phase()).isEqualTo(BackupPhase.COMPLETED);
        Pod restarted = loop.postgresPod(first.getMetadata().getUid());
        assertThat(restarted).as("a new Postgres pod").isNotNull();
        assertThat(Durability.initSummary(client.resource(restarted).get(), "restore-fetch").get("name").asText())
                .as("the restart's final backup").isEqualTo(fin.backupName());
        assertThat(loop.fingerprint(restarted)).as("zero rows lost, the insert after the hourly backup too")
                .isEqualTo(fingerprint);
        assertThat(restarted.getSpec().getVolumes()).filteredOn(v -> "data".equals(v.getName()))
                .extracting(Volume::getEmptyDir).singleElement()
                .satisfies(e -> assertThat(e.getSizeLimit().toString()).isEqualTo("320Mi"));
        assertThat(loop.psql(restarted, "-At", "-c", "SHOW effective_cache_size").trim())
                .as("the setting of the new spec").isEqualTo("320MB");
        assertThat(loop.instanceEvents())
                .extracting(Event::getReason)
                .contains("StoppingAppTier", "TakingFinalBackup", "StoppingDataTier", "RestartingDataTier");

        // Handled once: the annotation stays, nothing restarts again.
        Thread.sleep(15_000);
        assertThat(loop.postgresPod(null).getMetadata().getUid()).isEqualTo(restarted.getMetadata().getUid());
        LOG.infof("planned restart: %.1f s from the annotation to DatabaseReady (final backup %s, %s; %d bytes of"
                + " SQL restored)", seconds, fin.backupName(), fin.size(),
                loop.restoredSqlBytes());
    }
}
