package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.FakeDrive;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.pipeline.BackupPipeline;
import dev.pistack.loomio.agent.retention.RetentionPolicy;
import dev.pistack.loomio.agent.s3.S3Clients;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.agent.s3.S3Settings;
import dev.pistack.loomio.agent.s3.S3Target;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.agent.uploads.UploadsBackup;
import dev.pistack.loomio.agent.uploads.UploadsRestore;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.UploadsRestoreSummary;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uploads volume backed up with the database, through the agent's command line, on the local directory, the fake
 * Drive and a real S3 server, and restored from each; retention of blobs against a real S3 server; a tampered blob
 * never restored.
 */
class UploadsIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static final String INSTANCE = "apps/loomio";
    private static String source;

    @TempDir
    Path dir;
    FakeDrive drive;
    S3Server s3;
    String bucket;
    Path local;
    Path uploads;
    final Random random = new Random(7);

    @BeforeAll
    static void fixture() throws Exception {
        source = Postgres.fixtureDatabase();
    }

    @BeforeEach
    void targets() throws Exception {
        drive = new FakeDrive();
        s3 = new S3Server();
        bucket = s3.createBucket("uploads-" + UUID.randomUUID().toString().substring(0, 8));
        local = Files.createDirectories(dir.resolve("local"));
        uploads = Files.createDirectories(dir.resolve("uploads"));
    }

    @AfterEach
    void stop() throws Exception {
        drive.close();
        s3.close();
        assertThat(drive.failures).as("errors inside the fake Drive").isEmpty();
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>(Postgres.env(source));
        env.putAll(drive.oauthEnv());
        env.putAll(s3.env(bucket));
        env.put("BACKUP_LOCAL_DIR", local.toString());
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        env.put("LOOMIO_INSTANCE", INSTANCE);
        return env;
    }

    /** Writes a file as Active Storage lays them out ({@code storage/xx/yy/<key>}), with an mtime in the past. */
    private long write(String path, int bytes) throws Exception {
        Path file = uploads.resolve(path);
        Files.createDirectories(file.getParent());
        byte[] content = new byte[bytes];
        random.nextBytes(content);
        Files.write(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-01T10:00:00Z")
                .plusSeconds(random.nextInt(100_000))));
        return bytes;
    }

    private static String key(int i) {
        return String.format("%02x/%02x/upload%04d", i % 256, (i * 7) % 256, i);
    }

    /** @return path → sha256 and mtime of every file under root, the agent's own entries left out */
    private static Map<String, String> tree(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = root.relativize(f).toString();
                if (!rel.startsWith(".loomio-")) {
                    out.put(rel, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(Files.readAllBytes(f))) + " " + Files.getLastModifiedTime(f).toMillis());
                }
            }
        }
        return out;
    }

    private static JsonNode target(JsonNode summary, String kind) {
        for (JsonNode t : summary.get("targets")) {
            if (t.get("target").asText().equals(kind)) {
                return t;
            }
        }
        throw new AssertionError("no " + kind + " in " + summary);
    }

    @Test
    void everyTargetGetsTheUploadsOnceAndGivesThemBackByteForByte() throws Exception {
        for (int i = 0; i < 40; i++) {
            write("storage/" + key(i), 1 + random.nextInt(200 * 1024));
        }
        // Larger than one S3 part (5 MiB here): a multipart upload.
        write("storage/big/video.mp4", 6 * 1024 * 1024);
        write("system/avatars/1/original.png", 30_000);
        String[] backup = {"backup", "--uploads-dir", uploads.toString(), "--s3-part-mib", "5",
            "--staging-dir", dir.resolve("staging").toString()};
        Agent.Result first = Agent.run(env(), backup);
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        for (String kind : List.of("local", "drive", "s3")) {
            JsonNode u = target(first.summary(), kind).get("uploads");
            assertThat(u.get("files").asInt()).as(kind).isEqualTo(42);
            assertThat(u.get("sentFiles").asInt()).as(kind).isEqualTo(42);
        }
        assertThat(Files.list(local.resolve("uploads")).map(p -> p.getFileName().toString()).toList())
                .as("blobs are named by a keyed hash, never by path; one manifest")
                .allMatch(n -> n.matches("[0-9a-f]{64}") || n.matches("loomio-hourly-\\d{8}-\\d{6}\\.uploads\\.enc"))
                .hasSize(43);
        assertThat(s3.keys(bucket)).anyMatch(k -> k.startsWith("apps.loomio/uploads/"));

        Thread.sleep(1100);
        long added = 0;
        for (int i = 100; i < 105; i++) {
            added += write("storage/" + key(i), 50_000);
        }
        Agent.Result second = Agent.run(env(), backup);
        assertThat(second.exit()).as(second.stdout() + second.stderr()).isZero();
        for (String kind : List.of("local", "drive", "s3")) {
            JsonNode u = target(second.summary(), kind).get("uploads");
            assertThat(u.get("files").asInt()).as(kind).isEqualTo(47);
            assertThat(u.get("sentFiles").asInt()).as(kind + ": only the new files are sent").isEqualTo(5);
            // Fernet's base64 adds a third; the manifest a few KiB.
            assertThat(u.get("sentBytes").asLong()).as(kind).isBetween(added, added * 4 / 3 + 64 * 1024);
        }

        Map<String, String> expected = tree(uploads);
        for (String kind : List.of("local", "drive", "s3")) {
            Path into = Files.createDirectories(dir.resolve("restored-" + kind));
            // The kubelet creates the subPath directories before any file exists: still empty.
            Files.createDirectories(into.resolve("storage"));
            Agent.Result restored = Agent.run(env(), "restore-uploads", "--uploads-dir", into.toString(),
                    "--source", kind, "--staging-dir", dir.resolve("staging").toString());
            assertThat(restored.exit()).as(restored.stdout() + restored.stderr()).isZero();
            assertThat(restored.summary().get("status").asText()).as(kind).isEqualTo("restored");
            assertThat(restored.summary().get("files").asInt()).isEqualTo(47);
            assertThat(restored.summary().get("source").asText()).isEqualTo(kind);
            assertThat(tree(into)).as(kind + ": every file byte-identical, with its mtime").isEqualTo(expected);
            try (Stream<Path> left = Files.list(into)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .as("no staging or marker left behind").noneMatch(n -> n.startsWith(".loomio-restore-"));
            }
        }

        Path full = dir.resolve("restored-s3");
        Files.writeString(full.resolve("storage/new-after-restore"), "written by Loomio");
        Agent.Result again = Agent.run(env(), "restore-uploads", "--uploads-dir", full.toString());
        assertThat(again.summary().get("status").asText()).as("a volume with files is never touched")
                .isEqualTo("skipped");
        assertThat(full.resolve("storage/new-after-restore")).hasContent("written by Loomio");
    }

    @Test
    void anInstanceWithoutUploadsHasNothingToRestoreAndSaysSo() throws Exception {
        Map<String, String> env = env();
        Agent.Result none = Agent.run(env, "restore-uploads", "--uploads-dir", uploads.toString());
        assertThat(none.exit()).as(none.stdout() + none.stderr()).isZero();
        assertThat(none.summary().get("status").asText()).as("no backup at all").isEqualTo("none");

        Agent.Result backup = Agent.run(env, "backup", "--uploads-dir", uploads.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(target(backup.summary(), "s3").get("uploads").get("files").asInt()).isZero();
        Agent.Result empty = Agent.run(env, "restore-uploads", "--uploads-dir", uploads.toString());
        assertThat(empty.exit()).isZero();
        assertThat(empty.summary().get("status").asText()).as("the newest backup holds no file").isEqualTo("none");
        assertThat(empty.summary().get("backup").asText()).isEqualTo(backup.summary().get("name").asText());
        assertThat(tree(uploads)).isEmpty();
    }

    @Test
    void pythonsCryptographyRestoresTheUploadsWithoutTheAgent() throws Exception {
        for (int i = 0; i < 20; i++) {
            write("storage/" + key(i), 1 + random.nextInt(50_000));
        }
        Map<String, String> env = env();
        Agent.Result backup = Agent.run(env, "backup", "--uploads-dir", uploads.toString(), "--no-drive", "--no-s3");
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        String manifest;
        try (Stream<Path> files = Files.list(local.resolve("uploads"))) {
            manifest = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".uploads.enc"))
                    .findFirst().orElseThrow();
        }
        Path into = dir.resolve("by-hand");
        ProcessBuilder pb = new ProcessBuilder("python3", Path.of("hack/restore-uploads.py").toString(),
                local.resolve("uploads").toString(), manifest, into.toString()).redirectErrorStream(true);
        pb.environment().put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("restored 20 files");
        assertThat(tree(into)).as("the documented recipe: every file, byte for byte, with its mtime")
                .isEqualTo(tree(uploads));
    }

    @Test
    void aTamperedBlobIsNeverRestoredTheOlderUploadsAreAndAnotherInstancesAreRefused() throws Exception {
        write("storage/aa/bb/first", 10_000);
        Map<String, String> onlyFirst = tree(uploads);
        Map<String, String> env = env();
        env.remove("S3_BUCKET");
        env.put("GDRIVE_ENABLED", "false");
        String[] backup = {"backup", "--uploads-dir", uploads.toString(), "--no-drive", "--no-s3", "--no-prune"};
        assertThat(Agent.run(env, backup).exit()).isZero();
        Thread.sleep(1100);
        write("storage/cc/dd/second", 10_000);
        assertThat(Agent.run(env, backup).exit()).isZero();

        String secondBlob = new dev.pistack.loomio.agent.uploads.BlobNames(KEY).of(uploads.resolve(
                "storage/cc/dd/second"));
        Path blob = local.resolve("uploads").resolve(secondBlob);
        byte[] token = Files.readAllBytes(blob);
        token[token.length / 2] = (byte) (token[token.length / 2] == 'A' ? 'B' : 'A');
        Files.write(blob, token);

        Path into = Files.createDirectories(dir.resolve("restored"));
        Agent.Result restored = Agent.run(env, "restore-uploads", "--uploads-dir", into.toString(), "--no-drive",
                "--no-s3");
        assertThat(restored.exit()).as(restored.stdout() + restored.stderr()).isZero();
        assertThat(restored.summary().get("status").asText()).isEqualTo("restored");
        assertThat(restored.summary().get("attempts").get(0).get("reason").asText())
                .isEqualTo("wrong-key-or-corrupt");
        assertThat(tree(into)).as("the older, authentic uploads; nothing of the tampered set").isEqualTo(onlyFirst);

        Path other = Files.createDirectories(dir.resolve("other"));
        env.put("LOOMIO_INSTANCE", "apps/other");
        Agent.Result refused = Agent.run(env, "restore-uploads", "--uploads-dir", other.toString(), "--no-drive",
                "--no-s3");
        assertThat(refused.exit()).as("exit 4: uploads exist, none is this instance's").isEqualTo(4);
        assertThat(refused.summary().get("status").asText()).isEqualTo("no-authentic");
        assertThat(tree(other)).isEmpty();
    }

    @Test
    void retentionKeepsEveryBlobAKeptBackupNamesAndRemovesTheRestAfterTheGracePeriod() throws Exception {
        S3Settings settings = S3Settings.fromEnvironment(env());
        List<BackupTarget> targets = List.of(new LocalTarget(local), new S3Target(S3Clients.create(settings),
                settings));
        RetentionPolicy keepOne = new RetentionPolicy(1, 0, 0, 0, 0);
        Instant t0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        write("storage/aa/aa/gone-later", 20_000);
        write("storage/bb/bb/kept", 20_000);

        BackupSummary run1 = run(targets, keepOne, t0);
        assertThat(run1.status()).as(run1.toString()).isEqualTo(BackupOutcome.OK);

        Files.delete(uploads.resolve("storage/aa/aa/gone-later"));
        write("storage/cc/cc/new", 20_000);
        BackupSummary run2 = run(targets, keepOne, t0.plus(Duration.ofHours(1)));
        assertThat(run2.status()).as(run2.toString()).isEqualTo(BackupOutcome.OK);
        for (BackupSummary.TargetResult t : run2.targets()) {
            assertThat(t.prunedCount()).as(t.target()).isEqualTo(1);
            assertThat(t.uploads().removedBlobs()).as(t.target() + ": unreferenced, but stored less than 6 h ago")
                    .isZero();
        }

        BackupSummary run3 = run(targets, keepOne, t0.plus(Duration.ofHours(8)));
        for (BackupSummary.TargetResult t : run3.targets()) {
            assertThat(t.uploads().removedBlobs()).as(t.target() + ": the deleted file's blob").isEqualTo(1);
            assertThat(t.uploads().sentFiles()).isZero();
        }
        for (BackupTarget target : targets) {
            assertThat(target.listUploads()).as(target.kind() + ": two blobs and the one kept manifest")
                    .hasSize(3);
            Path into = Files.createDirectories(dir.resolve("restored-" + target.kind()));
            UploadsRestoreSummary restored = new UploadsRestore(KEY, Clock.systemUTC(), INSTANCE).run(into,
                    List.of(target), null);
            assertThat(restored.status()).isEqualTo(RestoreOutcome.RESTORED);
            assertThat(tree(into)).isEqualTo(tree(uploads));
        }
    }

    @Test
    void aChosenBackupAddsTheFilesTheVolumeLacksAndRemovesNone() throws Exception {
        Map<String, String> env = env();
        env.remove("S3_BUCKET");
        env.put("GDRIVE_ENABLED", "false");
        String[] backup = {"backup", "--uploads-dir", uploads.toString(), "--no-drive", "--no-s3", "--no-prune"};
        write("storage/aa/aa/kept", 10_000);
        write("storage/bb/bb/deleted-later", 10_000);
        Map<String, String> thenHeld = tree(uploads);
        Agent.Result first = Agent.run(env, backup);
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        Thread.sleep(1100);
        Files.delete(uploads.resolve("storage/bb/bb/deleted-later"));
        write("storage/cc/cc/added-later", 10_000);
        assertThat(Agent.run(env, backup).exit()).isZero();
        Map<String, String> nowHeld = tree(uploads);

        Agent.Result chosen = Agent.run(env, "restore-uploads", "--uploads-dir", uploads.toString(), "--no-drive",
                "--no-s3", "--backup", first.summary().get("name").asText());
        assertThat(chosen.exit()).as(chosen.stdout() + chosen.stderr()).isZero();
        assertThat(chosen.summary().get("status").asText()).isEqualTo("restored");
        assertThat(chosen.summary().get("files").asInt()).as("only the file the volume lacked").isEqualTo(1);
        Map<String, String> merged = new TreeMap<>(nowHeld);
        merged.putAll(thenHeld);
        assertThat(tree(uploads)).as("the deleted file is back, the later one stays").isEqualTo(merged);

        Agent.Result again = Agent.run(env, "restore-uploads", "--uploads-dir", uploads.toString(), "--no-drive",
                "--no-s3", "--backup", first.summary().get("name").asText());
        assertThat(again.summary().get("files").asInt()).as("run again: nothing lacks").isZero();

        Agent.Result older = Agent.run(env, "restore-uploads", "--uploads-dir", uploads.toString(), "--no-drive",
                "--no-s3", "--before", "2020-01-01T00:00:00Z");
        assertThat(older.exit()).as("a backup from before the uploads were backed up: nothing to add").isZero();
        assertThat(older.summary().get("status").asText()).isEqualTo("none");
        assertThat(tree(uploads)).isEqualTo(merged);
    }

    private BackupSummary run(List<BackupTarget> targets, RetentionPolicy retention, Instant at) throws Exception {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        byte[] dump = "CREATE TABLE t ();\n--\n-- PostgreSQL database dump complete\n--\n"
                .getBytes(StandardCharsets.UTF_8);
        return new BackupPipeline(KEY, targets, dir.resolve("staging"), retention, clock, null)
                .withUploads(new UploadsBackup(KEY, uploads, dir.resolve("staging"), clock, INSTANCE))
                .run(DumpSource.of(new ByteArrayInputStream(dump), "test"), "hourly");
    }
}
