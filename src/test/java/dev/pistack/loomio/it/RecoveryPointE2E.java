package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A recovery point of minutes on the real node: a scheduled run on an unchanged database stores and uploads nothing and
 * says so in status; with backups every 5 minutes and a write every 2 seconds, a power cut loses only the rows written
 * after the last backup.
 */
@EndToEnd
class RecoveryPointE2E {
    private static final Logger LOG = Logger.getLogger(RecoveryPointE2E.class);
    private static final Duration WRITE_EVERY = Duration.ofSeconds(2);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;
    FakeDrive drive;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-rpo");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void stopDrive() {
        if (drive != null) {
            drive.close();
            assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
        }
    }

    @Test
    void aScheduledRunOnAnIdleInstanceUploadsNothingAndTheNextWriteIsBackedUp() throws Exception {
        drive = loop.useDrive();
        Node.createProduction(client, namespace, "256Mi");
        loop.awaitDatabaseReady();
        Pod postgres = loop.postgresPod(null);
        loop.loadFixture(postgres);
        JsonNode stored = loop.backupNow();
        assertThat(stored.get("status").asText()).as(stored.toString()).isEqualTo("ok");
        String token = stored.get("changeToken").asText();
        assertThat(token).startsWith("v1-");
        // The operator hands the token of the last success to the CronJob's next runs.
        await().atMost(Cluster.TIMEOUT).until(() -> {
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(Names.restore(loop.instance()))
                    .get();
            return map != null && token.equals(map.getData().get(RestoreConfigMap.CHANGE_TOKEN));
        });
        long filesBefore = localBackups();
        int uploadsBefore = uploads();
        int requestsBefore = drive.requests.size();

        JsonNode skipped = loop.scheduledRunNow();
        assertThat(skipped.get("status").asText()).as(skipped.toString()).isEqualTo("skipped");
        assertThat(skipped.get("changeToken").asText()).isEqualTo(token);
        assertThat(drive.requests).as("Drive not even asked").hasSize(requestsBefore);
        assertThat(localBackups()).as("nothing stored on the volume").isEqualTo(filesBefore);
        LOG.infof("skipped run: %.2f s in the agent", skipped.get("durationSeconds").asDouble());
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var status = loop.instance().getStatus();
            assertThat(status.getBackup().lastSkipped()).isNotNull();
            assertThat(status.getBackup().lastSkipped().changeToken()).isEqualTo(token);
            assertThat(status.getBackup().lastSuccess().name()).isEqualTo(stored.get("name").asText());
            assertThat(status.getBackup().lastFailure()).isNull();
            assertThat(status, ConditionType.BACKUP_HEALTHY).isTrue().hasMessageContaining("unchanged since");
        });

        loop.psql(postgres, "-c", "UPDATE groups SET name = name || ' (renamed)' WHERE id = (SELECT min(id) FROM"
                + " groups)");
        JsonNode changed = loop.scheduledRunNow();
        assertThat(changed.get("status").asText()).as(changed.toString()).isEqualTo("ok");
        assertThat(changed.get("changeToken").asText()).isNotEqualTo(token);
        assertThat(uploads()).isGreaterThan(uploadsBefore);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            var backup = loop.instance().getStatus().getBackup();
            assertThat(backup.lastSuccess().name()).isEqualTo(changed.get("name").asText());
            assertThat(backup.lastSkipped()).as("older than the new success").isNull();
        });
    }

    @Test
    void aPowerCutWithBackupsEveryFiveMinutesLosesOnlyTheRowsWrittenAfterTheLastBackup() throws Exception {
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize("256Mi");
        instance.getSpec().getBackup().setSchedule("*/5 * * * *");
        client.resource(instance).create();
        loop.awaitDatabaseReady();
        Pod postgres = loop.postgresPod(null);
        loop.psql(postgres, "-c", "CREATE TABLE ticks (id bigint PRIMARY KEY, at timestamptz NOT NULL)");

        // One committed row every 2 s, each id recorded once psql has returned (committed).
        List<long[]> committed = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean writing = new AtomicBoolean(true);
        var writer = Executors.newSingleThreadExecutor();
        Future<?> writes = writer.submit(() -> {
            long id = 0;
            while (writing.get()) {
                id++;
                try {
                    Durability.Psql run = loop.psqlAs(dev.pistack.loomio.operator.desired.DatabaseLogin.LOOMIO,
                            postgres, "-c", "INSERT INTO ticks VALUES (" + id + ", clock_timestamp())");
                    if (run.exitCode() == 0) {
                        committed.add(new long[]{id, System.currentTimeMillis()});
                    }
                } catch (RuntimeException e) {
                    // The pod is gone (its address with it): this row was not committed.
                }
                Thread.sleep(WRITE_EVERY.toMillis());
            }
            return null;
        });
        Instant writesStarted = Instant.now();
        // The schedule's first run with rows in the table: at most 5 minutes and a run away.
        BackupRecord scheduled = await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    var backup = loop.instance().getStatus().getBackup();
                    return backup == null ? null : backup.lastSuccess();
                }, r -> r != null && Instant.parse(r.runCreated()).isAfter(writesStarted));
        Thread.sleep(Duration.ofSeconds(20).toMillis());

        Instant cut = Instant.now();
        Pod replacement = loop.replacePostgresPod();
        writing.set(false);
        // The last insert may still wait on the deleted pod's address: a few seconds until it fails.
        writes.get(2, java.util.concurrent.TimeUnit.MINUTES);
        writer.shutdown();
        loop.awaitReady(replacement);
        List<long[]> written = List.copyOf(committed);
        long present = Long.parseLong(loop.psql(replacement, "-At", "-c", "SELECT count(*) FROM ticks").strip());
        long maxPresent = Long.parseLong(loop.psql(replacement, "-At", "-c", "SELECT coalesce(max(id), 0) FROM ticks")
                .strip());
        assertThat(present).as("no holes: the restored rows are the first ones written").isEqualTo(maxPresent);
        long lost = written.stream().filter(w -> w[0] > maxPresent).count();
        Instant runCreated = Instant.parse(scheduled.runCreated());
        long committedBeforeTheRun = written.stream().filter(w -> w[1] < runCreated.toEpochMilli()).count();
        LOG.infof("power cut %s: %d rows committed, %d restored from %s (run created %s), %d lost (%.0f s of"
                + " writes)", cut, written.size(), present, scheduled.name(), runCreated, lost,
                lost * WRITE_EVERY.toMillis() / 1000.0);
        assertThat(present).as("every row committed before the backup run started is back")
                .isGreaterThanOrEqualTo(committedBeforeTheRun);
        assertThat(lost).as("the rows after the backup are lost, and only those").isPositive()
                .isEqualTo(written.size() - present);
        assertThat(Duration.ofMillis(lost * WRITE_EVERY.toMillis())).as("at most 5 minutes of writes")
                .isLessThanOrEqualTo(Duration.ofMinutes(5));
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus().getRestore()
                .backup()).isEqualTo(scheduled.name()));
    }

    private long localBackups() throws Exception {
        try (Stream<Path> files = Files.list(loop.localBackups())) {
            return files.filter(f -> f.getFileName().toString().startsWith("loomio-")).count();
        }
    }

    private int uploads() {
        return (int) drive.requests.stream().filter(r -> r.contains("/upload/")).count();
    }
}
