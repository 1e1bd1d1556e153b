package dev.pistack.loomio.it;

import static dev.pistack.loomio.operator.kube.ConditionAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.Samples;
import dev.pistack.loomio.Tmpfs;
import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.uploads.UploadsManifest;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import dev.pistack.loomio.operator.desired.RestoreConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What can go wrong between a backup and a restore, on the real node, with a fake Google Drive that the pods reach
 * on the node's bridge address (it speaks Drive's wire protocol and injects faults; Drive itself cannot be reached
 * here). Each test is one of the durability promises: the newest authentic backup comes back, from wherever it is;
 * a bad backup is never restored; an I/O error never brings back older data; a restore is all or nothing.
 */
@EndToEnd
class DurabilityE2E {
    private static final Logger LOG = Logger.getLogger(DurabilityE2E.class);

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;
    FakeDrive drive;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-durable");
        loop = new Durability(client, namespace);
    }

    @AfterEach
    void stopDrive() {
        if (drive != null) {
            drive.close();
            assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
        }
    }

    private void useDrive() throws IOException {
        drive = loop.useDrive();
    }

    private LoomioInstance create(String dataSize) {
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize(dataSize);
        LoomioInstance created = client.resource(instance).create();
        loop.awaitDatabaseReady();
        return created;
    }

    private void deleteLocal(String... names) throws IOException {
        Path dir = loop.localBackups();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (names.length == 0 || List.of(names).contains(f.getFileName().toString())) {
                    try (Stream<Path> tree = Files.walk(f)) {
                        for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
    }

    private RestoreStatus awaitRestoreStatus(Pod pod) {
        return await().atMost(Cluster.TIMEOUT).until(() -> loop.instance().getStatus().getRestore(),
                r -> r != null && pod.getMetadata().getName().equals(r.pod()) && r.time() != null
                        && !Instant.parse(r.time()).isBefore(Instant.parse(pod.getMetadata().getCreationTimestamp())));
    }

    private void awaitRestoreFailure(String... messageParts) {
        await().atMost(Durability.START).untilAsserted(() -> {
            var condition = assertThat(loop.instance().getStatus(), ConditionType.DATABASE_READY).isFalse()
                    .hasReason(ConditionReason.RESTORE_FAILED);
            for (String part : messageParts) {
                condition.hasMessageContaining(part);
            }
        });
        GitOpsStatus.assertStatus(loop.instance(), "restore-failed", "InProgress", "Degraded");
    }

    private ContainerStatus initStatus(Pod pod, String name) {
        return client.resource(pod).get().getStatus().getInitContainerStatuses().stream()
                .filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withTheLocalBackupsGoneTheRestoreComesFromDrive() throws Exception {
        useDrive();
        create("256Mi");
        String fingerprint = loop.loadFixture(loop.postgresPod(null));
        JsonNode backup = loop.backupNow();
        assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("ok");
        assertThat(backup.get("targets")).extracting(t -> t.get("target").asText()).containsExactly("local", "drive");
        FakeDrive.StoredFile folder = drive.filesIn(FakeDrive.ROOT_FOLDER).stream().findFirst().orElseThrow();
        assertThat(folder.name()).as("the instance's own subfolder").isEqualTo(namespace + ".loomio");
        assertThat(drive.filesIn(folder.id())).extracting(FakeDrive.StoredFile::name)
                .as("the backup, the credentials' copy, the uploads' folder")
                .containsExactlyInAnyOrder(backup.get("name").asText(), SealedCredentials.FILE_NAME,
                        BackupTarget.UPLOADS_FOLDER);

        deleteLocal();
        Pod second = loop.awaitReady(loop.replacePostgresPod());

        JsonNode fetch = Durability.initSummary(second, PostgresRestore.FETCH);
        assertThat(fetch.get("source").asText()).as(fetch.toString()).isEqualTo("drive");
        assertThat(fetch.get("name").asText()).isEqualTo(backup.get("name").asText());
        assertThat(loop.fingerprint(second)).isEqualTo(fingerprint);
        assertThat(loop.psql(second, "-At", "-c", "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class"
                + " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'S')").strip())
                .as("the restored tables and sequences are Loomio's role's, not the superuser's").isEqualTo("loomio");
        Durability.Psql superuser = loop.psqlAs(DatabaseLogin.EARLIER_SUPERUSER, second, "-c", "SELECT 1");
        assertThat(superuser.exitCode()).as("the superuser over the network").isNotZero();
        assertThat(superuser.output()).contains("pg_hba.conf rejects connection");
        assertThat(awaitRestoreStatus(second).source()).isEqualTo("Drive");
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus(),
                ConditionType.BACKUP_HEALTHY).isTrue().hasReason(ConditionReason.BACKUP_RECENT));
    }

    @Test
    void withTheLocalBackupsGoneTheRestoreComesFromS3() throws Exception {
        try (S3Server s3 = loop.useS3("pi-backups")) {
            create("256Mi");
            String fingerprint = loop.loadFixture(loop.postgresPod(null));
            JsonNode backup = loop.backupNow();
            assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("ok");
            assertThat(backup.get("targets")).extracting(t -> t.get("target").asText())
                    .containsExactly("local", "s3");
            assertThat(s3.keys("pi-backups"))
                    .as("under the instance's own prefix, with the credentials' copy and the uploads' manifest (no"
                            + " upload yet)")
                    .containsExactlyInAnyOrder(namespace + ".loomio/" + backup.get("name").asText(),
                            namespace + ".loomio/" + SealedCredentials.FILE_NAME,
                            namespace + ".loomio/uploads/" + UploadsManifest.fileName(
                                    BackupName.parse(backup.get("name").asText()).orElseThrow()));

            deleteLocal();
            Pod second = loop.awaitReady(loop.replacePostgresPod());

            JsonNode fetch = Durability.initSummary(second, PostgresRestore.FETCH);
            assertThat(fetch.get("source").asText()).as(fetch.toString()).isEqualTo("s3");
            assertThat(fetch.get("name").asText()).isEqualTo(backup.get("name").asText());
            assertThat(loop.fingerprint(second)).isEqualTo(fingerprint);
            assertThat(awaitRestoreStatus(second).source()).isEqualTo("S3");
            await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instance().getStatus(),
                    ConditionType.BACKUP_HEALTHY).isTrue().hasReason(ConditionReason.BACKUP_RECENT)
                    .hasMessageContaining("S3"));
        }
    }

    @Test
    void aFullLocalVolumeStillGetsTheOffSiteCopyAndSaysHowToFixIt() throws Exception {
        try (S3Server s3 = loop.useS3("pi-backups")) {
            create("256Mi");
            loop.loadFixture(loop.postgresPod(null));
            JsonNode first = loop.backupNow();
            assertThat(first.get("status").asText()).as(first.toString()).isEqualTo("ok");

            // The backup volume's directory on this machine becomes a 64 KiB file system: the next backup pod
            // mounts a volume that cannot hold a backup, as a full SD card would be.
            Path dir = loop.localBackups();
            try (Tmpfs volume = Tmpfs.mount(dir, "64k")) {
                JsonNode second = loop.backupNow();
                assertThat(second.get("targets")).extracting(t -> t.get("target").asText() + " "
                        + t.get("status").asText()).containsExactly("local failed", "s3 ok");
                assertThat(second.get("targets").get(0).get("error").asText()).contains("the local volume is full",
                        "spec.backup.local.size");
                assertThat(s3.keys("pi-backups")).as("the off-site copy of the run staged in RAM")
                        .contains(namespace + ".loomio/" + second.get("name").asText());
                await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                        client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
                            assertThat(e.getType()).isEqualTo("Warning");
                            assertThat(e.getReason()).isEqualTo(ConditionReason.BACKUP_FAILED.value());
                            assertThat(e.getMessage()).contains("the local volume is full");
                        }));
            }
        }
    }

    @Test
    void aCorruptedAndATruncatedNewerBackupAreSkippedAndNamed() throws Exception {
        // Three backups within the hour: hourly retention alone would keep only the newest.
        LoomioInstance instance = Node.withBackupVolume(client,
                Node.forTheNode(Samples.load(Samples.PRODUCTION, namespace)));
        instance.getSpec().getPostgres().setDataSize("256Mi");
        instance.getSpec().getBackup().getRetention().setKeepLast(10);
        client.resource(instance).create();
        loop.awaitDatabaseReady();
        String fingerprint = loop.loadFixture(loop.postgresPod(null));
        String good = loop.backupNow().get("name").asText();
        String truncated = loop.backupNow().get("name").asText();
        String corrupted = loop.backupNow().get("name").asText();
        assertThat(List.of(good, truncated, corrupted)).doesNotHaveDuplicates();
        Path dir = loop.localBackups();
        byte[] bytes = Files.readAllBytes(dir.resolve(corrupted));
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'A' ? 'B' : 'A');
        Files.write(dir.resolve(corrupted), bytes);
        byte[] whole = Files.readAllBytes(dir.resolve(truncated));
        Files.write(dir.resolve(truncated), java.util.Arrays.copyOf(whole, whole.length / 2));

        Pod second = loop.awaitReady(loop.replacePostgresPod());

        assertThat(Durability.initSummary(second, PostgresRestore.FETCH).get("name").asText()).isEqualTo(good);
        assertThat(loop.fingerprint(second)).isEqualTo(fingerprint);
        RestoreStatus restore = awaitRestoreStatus(second);
        assertThat(restore.backup()).isEqualTo(good);
        assertThat(restore.skipped()).extracting(RestoreStatus.SkippedBackup::name, RestoreStatus.SkippedBackup::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(corrupted, "WrongKeyOrCorrupt"),
                        org.assertj.core.groups.Tuple.tuple(truncated, "Truncated"));
    }

    @Test
    void aDriveOutageKeepsPostgresWaitingInsteadOfRestoringOlderData() throws Exception {
        useDrive();
        create("256Mi");
        Pod first = loop.postgresPod(null);
        loop.loadFixture(first);
        String older = loop.backupNow().get("name").asText();
        loop.psql(first, "-c", "INSERT INTO users (email, name, username, created_at, updated_at) VALUES"
                + " ('late@example.org', 'Late', 'late', now(), now())");
        String fingerprint = loop.fingerprint(first);
        String newest = loop.backupNow().get("name").asText();
        deleteLocal(newest);
        drive.downloadsUnavailable = true;

        Pod second = loop.replacePostgresPod();
        awaitRestoreFailure("I/O error is not a bad backup", "503", "key sha256:");
        assertThat(initStatus(second, PostgresRestore.APPLY).getState().getTerminated())
                .as("nothing was applied").isNull();
        assertThat(client.resource(second).get().getStatus().getContainerStatuses().get(0).getState().getRunning())
                .as("Postgres does not run").isNull();

        drive.downloadsUnavailable = false;
        Pod ready = loop.awaitReady(second);
        JsonNode fetch = Durability.initSummary(ready, PostgresRestore.FETCH);
        assertThat(fetch.get("name").asText()).as("the newest, not " + older).isEqualTo(newest);
        assertThat(fetch.get("source").asText()).isEqualTo("drive");
        assertThat(loop.fingerprint(ready)).isEqualTo(fingerprint);
    }

    @Test
    void aDriveThatCannotBeListedGivesWayToTheNewestRecordedBackupOnTheLocalVolume() throws Exception {
        useDrive();
        create("256Mi");
        String fingerprint = loop.loadFixture(loop.postgresPod(null));
        String newest = loop.backupNow().get("name").asText();
        await().atMost(Cluster.TIMEOUT).until(() -> client.configMaps().inNamespace(namespace)
                .withName(Names.restore(loop.instance())).get().getData().get(RestoreConfigMap.NEWEST_KNOWN),
                newest::equals);
        drive.listUnavailable = true;

        Pod second = loop.awaitReady(loop.replacePostgresPod());

        JsonNode fetch = Durability.initSummary(second, PostgresRestore.FETCH);
        assertThat(fetch.get("source").asText()).as(fetch.toString()).isEqualTo("local");
        assertThat(fetch.get("name").asText()).isEqualTo(newest);
        assertThat(loop.fingerprint(second)).isEqualTo(fingerprint);
        assertThat(awaitRestoreStatus(second).warning()).contains("drive could not be listed").contains(newest);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(loop.instanceEvents())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo(ConditionReason.RESTORED_WITHOUT_A_TARGET.value());
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
    }

    @Test
    void noBackupAnywhereAfterARecordedOneWaitsUntilTheUserSaysStartFresh() throws Exception {
        create("256Mi");
        loop.loadFixture(loop.postgresPod(null));
        loop.backupNow();
        await().atMost(Cluster.TIMEOUT).until(() -> "fail".equals(client.configMaps().inNamespace(namespace)
                .withName(Names.restore(loop.instance())).get().getData().get(RestoreConfigMap.WHEN_NONE)));
        deleteLocal();

        Pod second = loop.replacePostgresPod();
        awaitRestoreFailure("no backup found", "whenNoBackup: StartFresh");

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"postgres\":{\"restore\":{\"whenNoBackup\":"
                + "\"StartFresh\"}}}}");
        Pod ready = loop.awaitReady(second);
        assertThat(Durability.initSummary(ready, PostgresRestore.FETCH).get("status").asText()).isEqualTo("none");
        assertThat(awaitRestoreStatus(ready).source()).isEqualTo("None");
        assertThat(loop.psql(ready, "-At", "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
                .strip()).isEqualTo("0");
    }

    @Test
    void aFailedDriveUploadTouchesNoDriveBackupKeepsLocalRetentionGoingAndIsReported() throws Exception {
        useDrive();
        create("256Mi");
        loop.loadFixture(loop.postgresPod(null));
        String first = loop.backupNow().get("name").asText();
        drive.quotaExceeded = true;

        JsonNode failed = loop.backupNow();

        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(localNames()).as("the local target stored the run and pruned by its own retention")
                .contains(failed.get("name").asText());
        assertThat(drive.filesIn(drive.filesIn(FakeDrive.ROOT_FOLDER).get(0).id()))
                .as("the target that failed deleted nothing")
                .extracting(FakeDrive.StoredFile::name)
                .containsExactlyInAnyOrder(first, SealedCredentials.FILE_NAME, BackupTarget.UPLOADS_FOLDER);
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> {
            LoomioInstanceStatus status = loop.instance().getStatus();
            assertThat(status.getBackup().lastSuccess().name()).isEqualTo(first);
            assertThat(status.getBackup().lastFailure().reason()).isEqualTo("BackupFailed");
            assertThat(status.getBackup().lastFailure().message()).contains("storage quota exceeded");
            assertThat(status, ConditionType.BACKUP_HEALTHY).isFalse().hasReason(ConditionReason.BACKUP_FAILED);
        });
        await().atMost(Cluster.TIMEOUT).untilAsserted(() -> assertThat(
                client.v1().events().inNamespace(namespace).list().getItems()).anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo(ConditionReason.BACKUP_FAILED.value());
                }));
    }

    private List<String> localNames() throws IOException {
        try (Stream<Path> files = Files.list(loop.localBackups())) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRestoreThatDoesNotFitFailsClearlyAndSucceedsOnceDataSizeIsRaised() throws Exception {
        create("256Mi");
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.loadFixture(first);
        loop.addTable(first, "big", 110);
        String size = loop.psql(first, "-At", "-c", "SELECT pg_database_size(current_database()) / 1048576").strip();
        JsonNode backup = loop.backupNow();
        LOG.infof("database of %s MiB: backup of %d MiB of SQL -> %d MiB, %.1f s, agent peak RSS %d MiB", size,
                backup.get("bytesIn").asLong() >> 20, backup.get("bytesOut").asLong() >> 20,
                backup.get("durationSeconds").asDouble(), backup.get("peakRssBytes").asLong() >> 20);

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"postgres\":{\"dataSize\":\"96Mi\"}}}");
        loop.awaitPostgresDataSize("96Mi");
        Pod small = loop.replacePostgresPod();
        awaitRestoreFailure("does not fit postgres.dataSize", "Raise spec.postgres.dataSize");
        assertThat(client.resource(small).get().getStatus().getContainerStatuses().get(0).getState().getRunning())
                .as("no partial database was started").isNull();

        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"postgres\":{\"dataSize\":\"256Mi\"}}}");
        loop.awaitPostgresDataSize("256Mi");
        Instant replaced = Instant.now();
        Pod big = loop.awaitReady(loop.replacePostgresPod());
        JsonNode fetch = Durability.initSummary(big, PostgresRestore.FETCH);
        LOG.infof("restore of a %s MiB database (%d MiB of SQL): pod deleted -> Ready %.1f s; fetch %.1f s (agent"
                + " peak RSS %d MiB), %s", size, backup.get("bytesIn").asLong() >> 20,
                Duration.between(replaced, Instant.now()).toMillis() / 1000.0,
                fetch.get("durationSeconds").asDouble(), fetch.get("peakRssBytes").asLong() >> 20,
                Durability.initSummary(big, PostgresRestore.APPLY));
        assertThat(loop.fingerprint(big)).isEqualTo(fingerprint);
        assertThat(loop.psql(big, "-At", "-c", "SELECT count(*) FROM big").strip()).isEqualTo("242000");
        long memory = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(5)).until(
                () -> Node.memoryWorkingSet(client, namespace, big.getMetadata().getName()), m -> m > 0);
        // The restored data was written by the init container: its tmpfs pages stay charged to the pod's cgroup
        // but to no running container, so the Metrics API (a sum over containers) does not show them.
        long podMemory = Node.podWorkingSet(client, namespace, big.getMetadata().getName());
        LOG.infof("Postgres pod after the restore: working set of the pod %d MiB (kubelet), of its containers %d MiB"
                + " (Metrics API), limit %s", podMemory >> 20, memory >> 20,
                big.getSpec().getContainers().get(0).getResources().getLimits().get("memory"));
        assertThat(podMemory).as("the restored database is in the pod's RAM").isGreaterThan(100L << 20);
    }

    @Test
    void aRestoreKilledMidwayRunsAgainToTheEnd() throws Exception {
        create("256Mi");
        Pod first = loop.postgresPod(null);
        String fingerprint = loop.loadFixture(first);
        loop.addTable(first, "big", 80);
        loop.backupNow();

        Pod second = loop.replacePostgresPod();
        // SIGKILL to every process of the apply container once psql is applying the dump: what an OOM kill or a
        // node losing power does, minus the RAM.
        // ignoreExceptions: a pod just created has no init container statuses yet.
        String id = await().atMost(Durability.START).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    ContainerStatus s = initStatus(second, PostgresRestore.APPLY);
                    return s.getState().getRunning() != null ? s.getContainerID().replaceFirst("^[a-z]+://", "") : null;
                }, c -> c != null);
        List<Long> pids = await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> processesOf(id), p -> p.stream().anyMatch(pid -> command(pid).startsWith("psql")));
        for (long pid : pids) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        LOG.infof("killed %d processes of the apply container %s", pids.size(), id);

        Pod ready = loop.awaitReady(second);
        assertThat(initStatus(ready, PostgresRestore.APPLY).getRestartCount()).isPositive();
        assertThat(Durability.initSummary(ready, PostgresRestore.APPLY).get("status").asText())
                .isEqualTo("restored");
        assertThat(loop.fingerprint(ready)).isEqualTo(fingerprint);
        assertThat(loop.psql(ready, "-At", "-c", "SELECT count(*) FROM big").strip()).isEqualTo("176000");
    }

    /** @return the pids whose cgroup names this container (the kubelet's cgroupfs layout ends with its ID) */
    private static List<Long> processesOf(String containerId) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return Files.readString(p.resolve("cgroup")).contains(containerId);
                } catch (IOException e) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }

    private static String command(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().command()).map(c -> Path.of(c).getFileName().toString())
                .orElse("");
    }
}
