package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.HackScripts;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Long work is not silent: with a database large enough that its restore takes over a minute, DatabaseReady's
 * message says how far the restore got while it runs (each phase of the fetch container, then psql's apply, with
 * bytes of the total and the rate, read from the containers' logs every 5 s), and a LoomioBackup of it shows the
 * bytes its agent has written while it runs.
 */
@EndToEnd
class ProgressE2E {
    private static final Logger LOG = Logger.getLogger(ProgressE2E.class);
    static final KubernetesClient client = Cluster.admin();
    /** MiB of rows added to the fixture: a restore of over a minute on this machine (docs/backups.md, "Progress"). */
    static final int BULK_MIB = 1300;

    @Test
    void aLongRestoreAndABackupReportHowFarTheyGot() throws Exception {
        String namespace = Node.namespace(client, "e2e-progress");
        Durability loop = new Durability(client, namespace);
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize("3Gi");
        client.resource(instance).create();
        loop.awaitDatabaseReady();
        Pod pod = loop.postgresPod(null);
        loop.loadFixture(pod);
        loop.addTable(pod, "bulk", BULK_MIB);

        // An on-demand backup of it: bytes written while it runs.
        LoomioBackup backup = new LoomioBackup();
        backup.setMetadata(new ObjectMetaBuilder().withName("big").withNamespace(namespace).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference("loomio"));
        backup.setSpec(spec);
        client.resource(backup).create();
        List<String> backupMessages = new ArrayList<>();
        LoomioBackupStatus done = await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    LoomioBackupStatus s = client.resources(LoomioBackup.class).inNamespace(namespace)
                            .withName("big").get().getStatus();
                    if (s != null && s.phase() == BackupPhase.RUNNING && s.bytesWritten() != null) {
                        String m = s.bytesWritten() + " bytes: " + Conditions.find(s.conditions(),
                                ConditionType.READY).map(Condition::getMessage).orElse("");
                        if (!backupMessages.contains(m)) {
                            backupMessages.add(m);
                            LOG.infof("LoomioBackup big running: %s", m);
                        }
                    }
                    return s;
                }, s -> s != null && s.phase() != null && s.phase().finished());
        assertThat(done.phase()).isEqualTo(BackupPhase.COMPLETED);
        assertThat(done.bytesWritten()).as("gone once finished").isNull();
        assertThat(backupMessages).as("bytes written while it ran").isNotEmpty()
                .allSatisfy(m -> assertThat(m).contains("dumping " + done.backupName() + " from Postgres: ")
                        .contains("/s"));

        // The Postgres pod goes: its restore brings the backup back, saying how far it got.
        Instant deleted = Instant.now();
        Pod restoring = loop.replacePostgresPod();
        Set<String> messages = new LinkedHashSet<>();
        List<String> pluginStatus = new ArrayList<>();
        await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            LoomioInstance now = loop.instance();
            Condition db = Conditions.find(now.getStatus().getConditions(), ConditionType.DATABASE_READY)
                    .orElseThrow();
            if (ConditionReason.RESTORING.value().equals(db.getReason()) && messages.add(db.getMessage())) {
                LOG.infof("%5.1f s DatabaseReady: %s",
                        Duration.between(deleted, Instant.now()).toMillis() / 1000.0, db.getMessage());
                if (db.getMessage().contains("; restoring: applying") && pluginStatus.isEmpty()) {
                    pluginStatus.add(plugin(namespace, "status"));
                }
            }
            return "True".equals(db.getStatus());
        });
        double seconds = Duration.between(deleted, Instant.now()).toMillis() / 1000.0;
        LOG.infof("restored in %.1f s (%s bytes of SQL)", seconds, loop.restoredSqlBytes());
        loop.awaitReady(restoring);
        List<String> progress = messages.stream().filter(m -> m.contains("; restoring: ")).toList();
        assertThat(progress).as("DatabaseReady messages while restoring: %s", messages)
                .anySatisfy(m -> assertThat(m).containsPattern("restoring: (verifying|decrypting) "
                        + done.backupName() + " from Local: [0-9.]+ [KMG]iB of [0-9.]+ [KMG]iB, [0-9.]+ [KMG]?i?B/s"))
                .anySatisfy(m -> assertThat(m).containsPattern("restoring: applying " + done.backupName()
                        + " from Local: [0-9.]+ [KMG]iB of [0-9.]+ [KMG]iB, [0-9.]+ [KMG]?i?B/s"));
        assertThat(progress.size()).as("a new figure every few seconds of a restore of %.1f s", seconds)
                .isGreaterThanOrEqualTo(5);
        assertThat(loop.instance().getStatus(), ConditionType.DATABASE_READY).isTrue();
        assertThat(pluginStatus).as("kubectl loomio status while psql applied the dump").singleElement()
                .satisfies(out -> assertThat(out).containsPattern("DatabaseReady +False +Restoring +.*restoring:"
                        + " applying " + done.backupName() + " from Local: [0-9.]+ [KMG]iB of "));
        LOG.infof("kubectl loomio status during the restore:%n%s", pluginStatus.get(0));
    }

    /** @return what {@code kubectl loomio ARGS} printed (the plugin from plugin/, kubectl from the cluster) */
    private static String plugin(String namespace, String... args) throws Exception {
        String bindir = HackScripts.output("hack/local-cluster.sh", "bindir");
        List<String> command = new ArrayList<>(List.of("kubectl", "loomio", "-n", namespace));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", java.nio.file.Path.of("plugin").toAbsolutePath() + ":" + bindir + ":"
                + pb.environment().get("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
}
