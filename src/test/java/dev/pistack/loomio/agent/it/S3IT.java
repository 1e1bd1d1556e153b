package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.Tmpfs;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.pipeline.BackupPipeline;
import dev.pistack.loomio.agent.retention.RetentionPolicy;
import dev.pistack.loomio.agent.s3.OutageProxy;
import dev.pistack.loomio.agent.s3.S3Clients;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.agent.s3.S3Settings;
import dev.pistack.loomio.agent.s3.S3Target;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The agent with the AWS SDK against a real S3 server (versitygw, {@link S3Server}) and a real PostgreSQL: backups
 * and restores, multipart uploads and ranged downloads, the per-instance prefix, retention, the newest backup across
 * targets, and an outage mid-upload ({@link OutageProxy}).
 */
class S3IT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static final String INSTANCE = "apps/loomio";
    private static final long MIB = 1024 * 1024;
    private static S3Server server;
    private static String source;
    private static String sourceFingerprint;
    /** A database whose backup is about 15 MiB: three parts of 5 MiB. */
    private static String large;
    private static String largeFingerprint;

    @TempDir
    Path dir;
    String bucket;

    @BeforeAll
    static void start() throws Exception {
        server = new S3Server();
        source = Postgres.fixtureDatabase();
        sourceFingerprint = Postgres.fingerprint(source);
        large = Postgres.createDatabase("large");
        // md5 text compresses to about half; Fernet's base64 adds a third: a backup of about 15 MiB.
        Postgres.psql(large, "-c", "CREATE TABLE blob AS SELECT i, md5(random()::text) || md5(random()::text) AS v"
                + " FROM generate_series(1, 300000) i");
        largeFingerprint = Postgres.psql(large, "-At", "-c", "SELECT count(*), md5(string_agg(v, '' ORDER BY i))"
                + " FROM blob");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void bucket() {
        bucket = server.createBucket("backups-" + UUID.randomUUID().toString().substring(0, 8));
    }

    private Map<String, String> env(String db) {
        Map<String, String> env = new HashMap<>(Postgres.env(db));
        env.putAll(server.env(bucket));
        env.put("S3_PREFIX", "pi");
        env.put("LOOMIO_INSTANCE", INSTANCE);
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        return env;
    }

    private Map<String, String> through(OutageProxy proxy, String db) {
        Map<String, String> env = env(db);
        env.put("S3_ENDPOINT", proxy.endpoint().toString());
        env.put("S3_RETRY_MAX_ATTEMPTS", "2");
        return env;
    }

    @Test
    void backupToS3ThenRestoreFromS3() throws Exception {
        Agent.Result backup = Agent.run(env(source), "backup", "--staging-dir", dir.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(backup.summary().get("targets").get(0).get("target").asText()).isEqualTo("s3");
        assertThat(server.keys(bucket)).singleElement().asString()
                .matches("pi/apps\\.loomio/loomio-hourly-\\d{8}-\\d{6}\\.sql\\.gz\\.enc");
        try (S3Client s3 = server.client(bucket)) {
            String stored = s3.getObjectAsBytes(r -> r.bucket(bucket).key(server.keys(bucket).get(0)))
                    .asString(StandardCharsets.US_ASCII);
            assertThat(stored).as("a Fernet token, not plaintext").startsWith("gAAAAA").doesNotContain("CREATE");
        }
        assertThat(dir.toFile().list()).as("staging is cleaned up").isEmpty();

        String target = Postgres.createDatabase("froms3");
        Agent.Result restore = Agent.run(env(target), "restore", "--staging-dir", dir.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("source").asText()).isEqualTo("s3");
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void aLargeBackupIsAMultipartUploadAndComesBackThroughRangedReads() throws Exception {
        Agent.Result backup = Agent.run(env(large), "backup", "--staging-dir", dir.toString(), "--s3-part-mib", "5");
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        long size = backup.summary().get("bytesOut").asLong();
        assertThat(size).as("more than two parts").isGreaterThan(10 * MIB);
        try (S3Client s3 = server.client(bucket)) {
            var head = s3.headObject(r -> r.bucket(bucket).key(server.keys(bucket).get(0)));
            assertThat(head.contentLength()).isEqualTo(size);
            assertThat(head.eTag()).as("a multipart upload's ETag counts its parts")
                    .endsWith("-" + ((size + 5 * MIB - 1) / (5 * MIB)) + "\"");
        }

        String target = Postgres.createDatabase("largefroms3");
        Agent.Result restore = Agent.run(env(target), "restore", "--staging-dir", dir.toString(), "--s3-part-mib",
                "5");
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(Postgres.psql(target, "-At", "-c", "SELECT count(*), md5(string_agg(v, '' ORDER BY i))"
                + " FROM blob")).isEqualTo(largeFingerprint);
    }

    @Test
    void anOutageMidUploadLeavesNothingListedAndNothingPrunedThenTheNextBackupStores() throws Exception {
        Agent.Result first = Agent.run(env(source), "backup", "--staging-dir", dir.toString());
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        List<String> before = server.keys(bucket);
        Thread.sleep(1100);

        try (OutageProxy proxy = new OutageProxy(server.host(), server.port())) {
            proxy.failAfter(7 * MIB);
            Agent.Result failed = Agent.run(through(proxy, large), "backup", "--staging-dir", dir.toString(),
                    "--s3-part-mib", "5", "--keep-last", "1");
            assertThat(proxy.isDown()).as("the outage began mid-upload").isTrue();
            assertThat(failed.exit()).as(failed.stdout() + failed.stderr()).isNotZero();
            assertThat(failed.summary().get("status").asText()).isEqualTo("failed");
            assertThat(failed.summary().get("targets").get(0).get("error").asText()).contains("S3 could not");
            assertThat(server.keys(bucket)).as("no half-stored backup is listed; the older one is kept")
                    .containsExactlyElementsOf(before);
            assertThat(dir.toFile().list()).as("staging is cleaned up").isEmpty();

            proxy.heal();
            String target = Postgres.createDatabase("afteroutage");
            Agent.Result restore = Agent.run(through(proxy, target), "restore", "--staging-dir", dir.toString());
            assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
            assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);

            Agent.Result next = Agent.run(through(proxy, large), "backup", "--staging-dir", dir.toString(),
                    "--s3-part-mib", "5");
            assertThat(next.exit()).as(next.stdout() + next.stderr()).isZero();
            assertThat(server.keys(bucket)).as("stored; the default retention keeps one backup per hour")
                    .containsExactly("pi/apps.loomio/" + next.summary().get("name").asText());
        }
    }

    @Test
    void retentionPrunesThisInstancesPrefixOnlyAndKeepsTheNewest() throws Exception {
        String otherInstance = "pi/other.loomio/loomio-hourly-20260101-000000.sql.gz.enc";
        String deeper = "pi/apps.loomio/old/loomio-hourly-20260101-000000.sql.gz.enc";
        try (S3Client s3 = server.client(bucket)) {
            s3.putObject(r -> r.bucket(bucket).key(otherInstance), RequestBody.fromString("not ours"));
            s3.putObject(r -> r.bucket(bucket).key(deeper), RequestBody.fromString("not ours either"));
        }
        S3Target target = target(env(source));
        for (String time : List.of("2026-12-01T01:00:00Z", "2026-12-01T02:00:00Z", "2026-12-01T03:00:00Z",
                "2026-12-01T04:00:00Z")) {
            BackupSummary summary = backupAt(List.of(target), time, new RetentionPolicy(2, 0, 0, 0, 0));
            assertThat(summary.status()).as(String.valueOf(summary.error())).isEqualTo(BackupOutcome.OK);
        }
        assertThat(target.list()).extracting(b -> b.name().fileName())
                .as("newest first").containsExactly("loomio-hourly-20261201-040000.sql.gz.enc",
                        "loomio-hourly-20261201-030000.sql.gz.enc");
        assertThat(server.keys(bucket)).contains(otherInstance, deeper);
    }

    @Test
    void theRestorePicksTheNewestBackupAcrossTheLocalVolumeAndS3() throws Exception {
        Path localDir = dir.resolve("local");
        Files.createDirectories(localDir);
        LocalTarget local = new LocalTarget(localDir);
        S3Target s3 = target(env(source));
        backupAt(List.of(local, s3), "2026-12-01T01:00:00Z", null);
        backupAt(List.of(s3), "2026-12-01T02:00:00Z", null);

        Map<String, String> both = env(Postgres.createDatabase("newest"));
        both.put("BACKUP_LOCAL_DIR", localDir.toString());
        Agent.Result fromS3 = Agent.run(both, "restore", "--staging-dir", dir.resolve("staging").toString());
        assertThat(fromS3.exit()).as(fromS3.stdout() + fromS3.stderr()).isZero();
        assertThat(fromS3.summary().get("source").asText()).isEqualTo("s3");
        assertThat(fromS3.summary().get("name").asText()).isEqualTo("loomio-hourly-20261201-020000.sql.gz.enc");

        backupAt(List.of(local, s3), "2026-12-01T03:00:00Z", null);
        Map<String, String> again = env(Postgres.createDatabase("newest"));
        again.put("BACKUP_LOCAL_DIR", localDir.toString());
        Agent.Result fromLocal = Agent.run(again, "restore", "--staging-dir", dir.resolve("staging").toString());
        assertThat(fromLocal.summary().get("source").asText()).as("as new locally as on S3: no download")
                .isEqualTo("local");
        assertThat(fromLocal.summary().get("name").asText()).isEqualTo("loomio-hourly-20261201-030000.sql.gz.enc");
    }

    @Test
    void aFullLocalVolumeStillGetsTheOffSiteCopyStagedInRam() throws Exception {
        Agent.Result first = Agent.run(env(large), "backup", "--staging-dir", dir.resolve("staging").toString());
        assertThat(first.exit()).as(first.stdout() + first.stderr()).isZero();
        long lastSize = first.summary().get("bytesOut").asLong();
        Thread.sleep(1100);

        // A volume with 2 MiB of room, less than the last backup took: a real file system that fills up.
        Path full = Files.createDirectories(dir.resolve("full"));
        try (Tmpfs volume = Tmpfs.mount(full, "2m")) {
            Map<String, String> both = env(large);
            both.put("BACKUP_LOCAL_DIR", full.toString());
            Agent.Result second = Agent.run(both, "backup", "--staging-dir", dir.resolve("staging").toString(),
                    "--no-prune");
            assertThat(second.exit()).as("not every target stored it").isNotZero();
            assertThat(second.summary().get("targets")).extracting(t -> t.get("target").asText() + " "
                    + t.get("status").asText()).containsExactly("local failed", "s3 ok");
            assertThat(second.summary().get("targets").get(0).get("error").asText())
                    .contains("the local volume is full", "bytes free, the last backup took " + lastSize,
                            "spec.backup.local.size");
            assertThat(server.keys(bucket)).as("the off-site copy of both runs").hasSize(2);
            try (var left = Files.list(full)) {
                assertThat(left).as("no half copy keeps the space").isEmpty();
            }
            try (var left = Files.list(dir.resolve("staging"))) {
                assertThat(left).as("the RAM staging is cleaned up").isEmpty();
            }
        }
    }

    @Test
    void wrongCredentialsSayWhichKeysToCheckAndNeverShowTheSecret() throws Exception {
        Map<String, String> env = env(source);
        env.put("S3_SECRET_ACCESS_KEY", "wrong-secret-7d2a");
        Agent.Result backup = Agent.run(env, "backup", "--staging-dir", dir.toString());
        assertThat(backup.exit()).isNotZero();
        assertThat(backup.summary().get("targets").get(0).get("error").asText())
                .contains("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY");
        assertThat(backup.stdout() + backup.stderr()).doesNotContain("wrong-secret-7d2a", S3Server.SECRET_KEY);
    }

    @Test
    void aMissingBucketIsNamedWithTheFix() throws Exception {
        Map<String, String> env = env(source);
        env.put("S3_BUCKET", "no-such-bucket");
        Agent.Result backup = Agent.run(env, "backup", "--staging-dir", dir.toString());
        assertThat(backup.exit()).isNotZero();
        assertThat(backup.summary().get("targets").get(0).get("error").asText())
                .contains("no-such-bucket", "does not exist");
    }

    private S3Target target(Map<String, String> env) {
        S3Settings settings = S3Settings.fromEnvironment(env);
        return new S3Target(S3Clients.create(settings), settings);
    }

    private BackupSummary backupAt(List<BackupTarget> targets, String time, RetentionPolicy retention)
            throws Exception {
        Clock clock = Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
        Path staging = dir.resolve("staging");
        Files.createDirectories(staging);
        BackupSummary summary = new BackupPipeline(KEY, targets, staging, retention, clock, null)
                .run(DumpSource.pgDump("pg_dump", Postgres.database(source)), "hourly");
        assertThat(summary.status()).as(String.valueOf(summary.error())).isEqualTo(BackupOutcome.OK);
        return summary;
    }
}
