package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.dump.PgDumpExecutable;
import dev.pistack.loomio.agent.dump.PsqlApplier;
import dev.pistack.loomio.agent.pipeline.BackupPipeline;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.RejectionReason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backup and restore against a real PostgreSQL 15, on the Loomio fixture and the seed system's backup. */
class AgentRoundTripIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static String source;
    private static String sourceFingerprint;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() throws Exception {
        source = Postgres.fixtureDatabase();
        sourceFingerprint = Postgres.fingerprint(source);
        assertThat(sourceFingerprint).contains("comments|4000|");
    }

    private Map<String, String> env(String db) {
        Map<String, String> env = Postgres.env(db);
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        return env;
    }

    /** The local server is a 15 (hack/postgres.sh): its own major's pg_dump is the one a backup runs. */
    @Test
    void aBackupRunsThePgDumpOfTheServersMajor() throws Exception {
        assertThat(PgDumpExecutable.forServer(Postgres.database("postgres"), PgDumpExecutable.DEBIAN_CLIENTS))
                .isEqualTo("/usr/lib/postgresql/15/bin/pg_dump");
    }

    @Test
    void backupThenRestoreIntoAFreshDatabaseReproducesTheFingerprint() throws Exception {
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", dir.toString(), "--kind", "manual");
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(backup.summary().get("status").asText()).isEqualTo("ok");
        assertThat(backup.summary().get("dumpComplete").asBoolean()).isTrue();
        assertThat(backup.summary().get("keyFingerprint").asText()).isEqualTo(KEY.fingerprint());
        assertThat(backup.stdout() + backup.stderr()).doesNotContain(KEY.encoded());
        Path file = Path.of(backup.summary().get("targets").get(0).get("location").asText());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

        String target = Postgres.createDatabase("restore");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", dir.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("source").asText()).isEqualTo("local");
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void everySummaryReportsThePeakMemoryOfTheRun() throws Exception {
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", dir.toString());
        assertThat(backup.summary().get("peakRssBytes").asLong()).as("VmHWM of this JVM, bytes")
                .isGreaterThan(10L << 20);
    }

    @Test
    void theSeedSystemsBackupRestoresWithItsPassphrase() throws Exception {
        Path seed = Path.of("../shared/testdata/seed-backups");
        Files.copy(seed.resolve("loomio_backup_20261120_030000.sql.enc"),
                dir.resolve("loomio_backup_20261120_030000.sql.enc"));
        String target = Postgres.createDatabase("seed");
        Map<String, String> env = Postgres.env(target);
        env.put("BACKUP_ENCRYPTION_KEY", "correct horse battery staple");

        Agent.Result restore = Agent.run(env, "restore", "--local-dir", dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(Postgres.fingerprint(target))
                .isEqualTo(Files.readString(seed.resolve("loomio_backup_20261120_030000.fingerprint")));
    }

    @Test
    void restoreSkipsEveryBadNewerBackupAndSaysWhy() throws Exception {
        LocalTarget local = new LocalTarget(dir);
        StoredBackup good = backupAt(local, KEY, "2026-11-20T10:00:00Z");
        Path goodFile = Path.of(good.location());
        // Newer than the good one, each broken in its own way:
        byte[] bytes = Files.readAllBytes(goodFile);
        byte[] corrupt = bytes.clone();
        corrupt[corrupt.length / 2] = (byte) (corrupt[corrupt.length / 2] == 'A' ? 'B' : 'A');
        Files.write(dir.resolve(BackupName.create("hourly", Instant.parse("2026-11-20T11:00:00Z")).fileName()),
                corrupt);
        Files.write(dir.resolve(BackupName.create("hourly", Instant.parse("2026-11-20T12:00:00Z")).fileName()),
                java.util.Arrays.copyOf(bytes, bytes.length / 2 + 1));
        backupAt(local, FernetKey.generate(new SecureRandom()), "2026-11-20T13:00:00Z");
        writeIncompleteDump(dir.resolve(BackupName.create("hourly", Instant.parse("2026-11-20T14:00:00Z")).fileName()));

        String target = Postgres.createDatabase("skip");
        Path terminationLog = Files.createTempFile("termination-log", "");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", dir.toString(), "--summary-file",
                terminationLog.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo(good.name().fileName());
        String message = Files.readString(terminationLog);
        assertThat(message.length()).as("a termination message the operator reads whole").isLessThan(1024);
        assertThat(message).contains(good.name().fileName()).contains("\"reason\":\"truncated\"");
        List<String> reasons = new java.util.ArrayList<>();
        restore.summary().get("attempts").forEach(a -> reasons.add(a.get("reason").asText()));
        assertThat(reasons).containsExactly("incomplete-dump", "wrong-key-or-corrupt", "truncated",
                "wrong-key-or-corrupt");
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void anOlderBackupRenamedToLookNewerIsRefusedByItsAuthenticatedTime() throws Exception {
        LocalTarget local = new LocalTarget(dir);
        StoredBackup old = backupAt(local, KEY, "2026-11-20T09:00:00Z");
        StoredBackup newest = backupAt(local, KEY, "2026-11-20T10:00:00Z");
        // Someone with write access to the target but without the key: a copy of the old one, named as the newest.
        String renamed = BackupName.create("hourly", Instant.parse("2026-11-20T12:00:00Z")).fileName();
        Files.copy(Path.of(old.location()), dir.resolve(renamed));

        String target = Postgres.createDatabase("renamed");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo(newest.name().fileName());
        assertThat(restore.summary().get("attempts")).singleElement().satisfies(a -> {
            assertThat(a.get("name").asText()).isEqualTo(renamed);
            assertThat(a.get("reason").asText()).isEqualTo(RejectionReason.NAME_TIME_MISMATCH.code());
            assertThat(a.get("message").asText()).contains("2026-11-20T09:00:00Z");
        });
    }

    @Test
    void anotherInstancesBackupIsNotRestoredUnlessAskedFor() throws Exception {
        LocalTarget local = new LocalTarget(dir);
        StoredBackup own = backupAt(local, KEY, "2026-11-20T09:00:00Z", "hourly",
                new BackupOrigin("loomio", "prod", "0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5"));
        // Someone copied another instance's newer backup (same key) into this instance's folder.
        StoredBackup foreign = backupAt(local, KEY, "2026-11-20T10:00:00Z", "hourly",
                new BackupOrigin("loomio", "staging", "7d1e2f3a-0000-4e6f-8a9b-c0d1e2f3a4b5"));
        Map<String, String> env = env(Postgres.createDatabase("own"));
        // A new incarnation of loomio/prod (deleted and created again: another uid) still reads its own backups.
        env.put("LOOMIO_INSTANCE", "loomio/prod");
        env.put("LOOMIO_INSTANCE_UID", "11111111-2222-4333-8444-555555555555");

        Agent.Result restore = Agent.run(env, "restore", "--local-dir", dir.toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo(own.name().fileName());
        assertThat(restore.summary().get("attempts")).singleElement().satisfies(a -> {
            assertThat(a.get("name").asText()).isEqualTo(foreign.name().fileName());
            assertThat(a.get("reason").asText()).isEqualTo(RejectionReason.OTHER_INSTANCE.code());
            assertThat(a.get("message").asText()).contains("loomio/staging");
        });
        assertThat(Postgres.fingerprint(env.get("DB_NAME"))).isEqualTo(sourceFingerprint);

        Map<String, String> clone = env(Postgres.createDatabase("clone"));
        clone.put("LOOMIO_INSTANCE", "loomio/prod");
        Agent.Result asked = Agent.run(clone, "restore", "--local-dir", dir.toString(), "--from-instance",
                "loomio/staging");
        assertThat(asked.exit()).as(asked.stdout() + asked.stderr()).isZero();
        assertThat(asked.summary().get("name").asText()).isEqualTo(foreign.name().fileName());
        assertThat(asked.summary().has("attempts") && !asked.summary().get("attempts").isEmpty()).isFalse();
    }

    @Test
    void anAgentBackupRecordsTheInstanceFromTheEnvironment() throws Exception {
        Map<String, String> env = env(source);
        env.put("LOOMIO_INSTANCE", "loomio/prod");
        env.put("LOOMIO_INSTANCE_UID", "0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5");
        Agent.Result backup = Agent.run(env, "backup", "--local-dir", dir.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();

        Path sql = dir.resolve("out.sql");
        Agent.Result restore = Agent.run(env, "restore", "--local-dir", dir.toString(), "--output", sql.toString());
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        try (var lines = Files.lines(sql)) {
            assertThat(lines.findFirst()).contains(
                    "-- loomio-operator backup of LoomioInstance loomio/prod uid 0b5e8f3c-1d2a-4e6f-8a9b-c0d1e2f3a4b5");
        }
        env.put("LOOMIO_INSTANCE", "loomio/other");
        Agent.Result refused = Agent.run(env, "restore", "--local-dir", dir.toString(), "--output",
                dir.resolve("other.sql").toString());
        assertThat(refused.exit()).as("no backup of loomio/other: none authentic").isEqualTo(4);
    }

    @Test
    void onlyBadBackupsMeanExit4AndNothingApplied() throws Exception {
        writeIncompleteDump(dir.resolve(BackupName.create("hourly", Instant.parse("2026-11-20T14:00:00Z")).fileName()));
        String target = Postgres.createDatabase("bad");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", dir.toString());
        assertThat(restore.exit()).isEqualTo(4);
        assertThat(restore.summary().get("source").asText()).isEqualTo("none");
        assertThat(Postgres.relations(target)).isZero();
    }

    @Test
    void noBackupAtAllIsADistinctExitWithSourceNone() throws Exception {
        String target = Postgres.createDatabase("none");
        Agent.Result restore = Agent.run(env(target), "restore", "--local-dir", dir.toString());
        assertThat(restore.exit()).isEqualTo(3);
        assertThat(restore.summary().get("status").asText()).isEqualTo("none");
        assertThat(restore.summary().get("source").asText()).isEqualTo("none");
    }

    @Test
    void aClockBehindTheNewestBackupIsRefusedAndNothingIsStored() throws Exception {
        LocalTarget local = new LocalTarget(dir);
        StoredBackup future = backupAt(local, KEY, "2099-01-01T00:00:00Z");

        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", dir.toString());

        assertThat(backup.exit()).isEqualTo(1);
        assertThat(backup.summary().get("status").asText()).isEqualTo("failed");
        assertThat(backup.summary().get("error").asText()).contains("the clock is behind")
                .contains(future.name().fileName());
        assertThat(local.list()).containsExactly(future);
        assertThat(dir.toFile().list()).as("no partial file").containsExactly(future.name().fileName());
    }

    @Test
    void restoreToAGzipFileForAnInitContainerReproducesTheDatabase() throws Exception {
        Path backups = dir.resolve("backups");
        assertThat(Agent.run(env(source), "backup", "--local-dir", backups.toString()).exit()).isZero();
        Path out = dir.resolve("restore/dump.sql.gz");

        Agent.Result restore = Agent.run(env(source), "restore", "--local-dir", backups.toString(), "--output",
                out.toString(), "--gzip", "--unless-exists", dir.resolve("pgdata/PG_VERSION").toString());

        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("status").asText()).isEqualTo("restored");
        assertThat(out.getParent().toFile().list()).as("no partial file").containsExactly("dump.sql.gz");
        String target = Postgres.createDatabase("fromgzip");
        try (InputStream sql = new java.util.zip.GZIPInputStream(Files.newInputStream(out))) {
            new PsqlApplier("psql", Postgres.database(target)).apply(sql);
        }
        assertThat(Postgres.fingerprint(target)).isEqualTo(sourceFingerprint);
    }

    @Test
    void anInitializedDatabaseSkipsTheRestore() throws Exception {
        Path backups = dir.resolve("backups");
        assertThat(Agent.run(env(source), "backup", "--local-dir", backups.toString()).exit()).isZero();
        Path pgVersion = Files.createDirectories(dir.resolve("pgdata")).resolve("PG_VERSION");
        Files.writeString(pgVersion, "15\n");
        Path out = dir.resolve("restore/dump.sql.gz");

        Agent.Result restore = Agent.run(env(source), "restore", "--local-dir", backups.toString(), "--output",
                out.toString(), "--gzip", "--unless-exists", pgVersion.toString());

        assertThat(restore.exit()).isZero();
        assertThat(restore.summary().get("status").asText()).isEqualTo("skipped");
        assertThat(out).doesNotExist();
    }

    @Test
    void noBackupStartsFreshOnlyWhenAskedTo() throws Exception {
        Path out = dir.resolve("restore/dump.sql.gz");
        Map<String, String> env = env(source);
        env.put("RESTORE_WHEN_NONE", "start-fresh");
        Agent.Result fresh = Agent.run(env, "restore", "--local-dir", dir.toString(), "--output", out.toString());
        assertThat(fresh.exit()).isZero();
        assertThat(fresh.summary().get("status").asText()).isEqualTo("none");
        assertThat(out).doesNotExist();

        Agent.Result fail = Agent.run(env, "restore", "--local-dir", dir.toString(), "--output", out.toString(),
                "--when-none", "fail");
        assertThat(fail.exit()).isEqualTo(3);

        env.put("RESTORE_WHEN_NONE", "maybe");
        Agent.Result bad = Agent.run(env, "restore", "--local-dir", dir.toString(), "--output", out.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.stderr()).contains("RESTORE_WHEN_NONE is 'maybe': give start-fresh or fail");
    }

    @Test
    void aDatabaseWithTablesIsRefused() throws Exception {
        Agent.run(env(source), "backup", "--local-dir", dir.toString(), "--kind", "manual");
        Agent.Result restore = Agent.run(env(source), "restore", "--local-dir", dir.toString());
        assertThat(restore.exit()).isEqualTo(5);
        assertThat(restore.stderr()).contains("already holds").contains("--allow-non-empty");
        assertThat(Postgres.fingerprint(source)).isEqualTo(sourceFingerprint);
    }

    @Test
    void aDumpThatFailsAfterStatementsWereSentIsRolledBack() throws Exception {
        String target = Postgres.createDatabase("rollback");
        InputStream failsLate = new SequenceInputStream(
                new ByteArrayInputStream("CREATE TABLE sent_first (id int);\nINSERT INTO sent_first VALUES (1);\n"
                        .getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("authentication failed at the end of the token");
                    }
                });
        assertThatThrownBy(() -> new PsqlApplier("psql", Postgres.database(target)).apply(failsLate))
                .hasMessageContaining("authentication failed");
        assertThat(Postgres.relations(target)).as("the transaction was rolled back").isZero();
    }

    @Test
    void aFailedStatementIsReportedByItsSqlstateWithoutTheRowItQuotes() throws Exception {
        String target = Postgres.createDatabase("sqlstate");
        String dump = "CREATE TABLE users (email text PRIMARY KEY);\n"
                + "INSERT INTO users VALUES ('alice@example.org');\n"
                + "INSERT INTO users VALUES ('alice@example.org');\n";
        assertThatThrownBy(() -> new PsqlApplier("psql", Postgres.database(target))
                .apply(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8))))
                .hasMessageContaining("23505").hasMessageContaining(":3:")
                .hasMessageNotContaining("alice@example.org");
        assertThat(Postgres.relations(target)).as("rolled back").isZero();
    }

    @Test
    void pgDumpKilledMidStreamFailsTheBackupAndAddsNothing() throws Exception {
        Path backups = Files.createDirectories(dir.resolve("backups"));
        backupAt(new LocalTarget(backups), KEY, "2026-11-20T10:00:00Z");
        List<String> before = List.of(backups.toFile().list());
        // pg_dump's stream is cut after 200 kB and the producer dies by SIGKILL, as an OOM-killed pg_dump would.
        Path dying = dir.resolve("pg_dump_killed");
        Files.writeString(dying, "#!/bin/sh\npg_dump \"$@\" | head -c 200000\nkill -KILL $$\n");
        Files.setPosixFilePermissions(dying, PosixFilePermissions.fromString("rwx------"));

        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", backups.toString(),
                "--pg-dump", dying.toString());

        assertThat(backup.exit()).isEqualTo(1);
        assertThat(backup.summary().get("status").asText()).isEqualTo("failed");
        assertThat(backup.summary().get("error").asText()).contains("exit status 137");
        assertThat(backups.toFile().list()).as("no new backup, no partial file")
                .containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void pgDumpGetsNeitherTheBackupKeyNorTheDriveCredentials() throws Exception {
        Path seen = dir.resolve("pg_dump.environ");
        Path spy = dir.resolve("pg_dump_spy");
        Files.writeString(spy, "#!/bin/sh\nenv > '" + seen + "'\nexec pg_dump \"$@\"\n");
        Files.setPosixFilePermissions(spy, PosixFilePermissions.fromString("rwx------"));
        Map<String, String> env = env(source);
        env.put("GDRIVE_CLIENT_SECRET", "drive-client-secret");

        Agent.Result backup = Agent.run(env, "backup", "--local-dir", dir.resolve("backups").toString(),
                "--pg-dump", spy.toString());

        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        assertThat(Files.readString(seen)).contains("PGDATABASE=" + source).doesNotContain(KEY.encoded())
                .doesNotContain("drive-client-secret").doesNotContain("BACKUP_ENCRYPTION_KEY");
    }

    @Test
    void retentionRunsAfterASuccessfulBackupAndKeepsManualOnes() throws Exception {
        LocalTarget local = new LocalTarget(dir);
        StoredBackup manual = backupAt(local, KEY, "2026-01-01T00:00:00Z", "manual");
        for (int h = 0; h < 5; h++) {
            backupAt(local, KEY, "2026-01-01T0" + h + ":30:00Z");
        }
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", dir.toString(), "--keep-hourly", "2",
                "--keep-daily", "0", "--keep-monthly", "0");
        assertThat(backup.exit()).isZero();
        JsonNode pruned = backup.summary().get("targets").get(0).get("pruned");
        assertThat(pruned).hasSize(4);
        assertThat(backup.summary().get("targets").get(0).get("prunedCount").asInt()).isEqualTo(4);
        assertThat(local.list()).extracting(b -> b.name().kind()).containsExactly("hourly", "hourly", "manual");
        assertThat(local.list()).extracting(StoredBackup::name).contains(manual.name());
        JsonNode inventory = backup.summary().get("targets").get(0).get("inventory");
        assertThat(inventory.get("count").asInt()).as("what the target holds after pruning").isEqualTo(3);
        assertThat(inventory.get("totalBytes").asLong())
                .isEqualTo(local.list().stream().mapToLong(StoredBackup::sizeBytes).sum()).isPositive();
        assertThat(inventory.get("newest").asText()).isEqualTo(backup.summary().get("name").asText());
        assertThat(inventory.get("freeBytes").asLong()).as("the free space of the directory's file system")
                .isPositive().isLessThanOrEqualTo(java.nio.file.Files.getFileStore(dir).getTotalSpace());
    }

    private StoredBackup backupAt(LocalTarget target, FernetKey key, String time) throws Exception {
        return backupAt(target, key, time, "hourly");
    }

    private StoredBackup backupAt(LocalTarget target, FernetKey key, String time, String kind) throws Exception {
        return backupAt(target, key, time, kind, null);
    }

    private StoredBackup backupAt(LocalTarget target, FernetKey key, String time, String kind, BackupOrigin origin)
            throws Exception {
        Clock clock = Clock.fixed(Instant.parse(time), ZoneOffset.UTC);
        BackupSummary s = new BackupPipeline(key, List.of(target), dir, null, clock, origin)
                .run(DumpSource.pgDump("pg_dump", Postgres.database(source)), kind);
        assertThat(s.status()).as(String.valueOf(s.error())).isEqualTo(BackupOutcome.OK);
        return target.list().stream().filter(b -> b.name().fileName().equals(s.name())).findFirst().orElseThrow();
    }

    /** An authentic backup whose SQL lacks pg_dump's trailer (what K8up once reported as a good backup). */
    private static void writeIncompleteDump(Path file) throws IOException {
        try (OutputStream out = new GZIPOutputStream(new FernetOutputStream(Files.newOutputStream(file), KEY,
                Instant.now(), new SecureRandom().generateSeed(16)))) {
            out.write("--\n-- PostgreSQL database dump\n--\nCREATE TABLE half (id int);\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
    }
}
