package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.pipeline.BackupPipeline;
import dev.pistack.loomio.agent.s3.S3Server;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code agent restore --backup NAME} and {@code --before TIME} (env RESTORE_BACKUP, RESTORE_BEFORE), what a
 * LoomioRestore hands the restore init container, against a real PostgreSQL: the chosen state comes back, a chosen
 * backup that is bad or absent restores nothing (never an older one, never a fresh start).
 */
class RestoreSelectionIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());

    @TempDir
    Path dir;

    private String source;
    private LocalTarget local;
    /** Backup file names by the state they hold: 09:00 holds 'nine', 10:00 'ten', 11:00 'eleven'. */
    private final Map<String, String> names = new java.util.HashMap<>();

    @BeforeEach
    void threeBackupsOfThreeStates() throws Exception {
        source = Postgres.createDatabase("choose");
        local = new LocalTarget(dir.resolve("backups"));
        Postgres.psql(source, "-c", "CREATE TABLE state (label text)");
        for (String[] at : List.of(new String[]{"2026-12-06T09:00:00Z", "nine"},
                new String[]{"2026-12-06T10:00:00Z", "ten"}, new String[]{"2026-12-06T11:00:00Z", "eleven"})) {
            Postgres.psql(source, "-c", "DELETE FROM state; INSERT INTO state VALUES ('" + at[1] + "')");
            BackupSummary s = new BackupPipeline(KEY, List.of(local), dir, null,
                    Clock.fixed(Instant.parse(at[0]), ZoneOffset.UTC), null)
                    .run(DumpSource.pgDump("pg_dump", Postgres.database(source)), "hourly");
            assertThat(s.status()).as(String.valueOf(s.error())).isEqualTo(BackupOutcome.OK);
            names.put(at[1], s.name());
        }
    }

    private Map<String, String> env(String db) {
        Map<String, String> env = Postgres.env(db);
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        env.put("BACKUP_LOCAL_DIR", dir.resolve("backups").toString());
        return env;
    }

    private static String state(String db) throws Exception {
        return Postgres.psql(db, "-At", "-c", "SELECT label FROM state").strip();
    }

    @Test
    void aNamedOlderBackupIsRestoredNotTheNewest() throws Exception {
        String target = Postgres.createDatabase("named");
        Agent.Result restore = Agent.run(env(target), "restore", "--backup", names.get("nine"));
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(restore.summary().get("name").asText()).isEqualTo(names.get("nine"));
        assertThat(state(target)).isEqualTo("nine");

        Map<String, String> byEnv = env(Postgres.createDatabase("named_env"));
        byEnv.put("RESTORE_BACKUP", names.get("ten"));
        byEnv.put("RESTORE_BEFORE", "");
        Agent.Result fromEnv = Agent.run(byEnv, "restore");
        assertThat(fromEnv.exit()).as(fromEnv.stdout() + fromEnv.stderr()).isZero();
        assertThat(state(byEnv.get("DB_NAME"))).isEqualTo("ten");
    }

    @Test
    void beforeATimeRestoresTheNewestBackupAtOrBeforeIt() throws Exception {
        String between = Postgres.createDatabase("before");
        Agent.Result restore = Agent.run(env(between), "restore", "--before", "2026-12-06T10:59:59Z");
        assertThat(restore.exit()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(state(between)).isEqualTo("ten");

        Map<String, String> exact = env(Postgres.createDatabase("before_exact"));
        exact.put("RESTORE_BEFORE", "2026-12-06T11:00:00+00:00");
        assertThat(Agent.run(exact, "restore").exit()).isZero();
        assertThat(state(exact.get("DB_NAME"))).as("at or before: the time itself counts").isEqualTo("eleven");
    }

    @Test
    void aBadChosenBackupRestoresNothingNotAnOlderOne() throws Exception {
        Path ten = dir.resolve("backups").resolve(names.get("ten"));
        byte[] bytes = Files.readAllBytes(ten);
        bytes[bytes.length / 2] = (byte) (bytes[bytes.length / 2] == 'A' ? 'B' : 'A');
        Files.write(ten, bytes);

        String named = Postgres.createDatabase("bad_named");
        Agent.Result restore = Agent.run(env(named), "restore", "--backup", names.get("ten"));
        assertThat(restore.exit()).isEqualTo(ExitCodes.NO_AUTHENTIC_BACKUP);
        assertThat(restore.summary().get("error").asText()).contains("backup " + names.get("ten"))
                .contains("no other one was restored");
        assertThat(Postgres.relations(named)).isZero();

        String before = Postgres.createDatabase("bad_before");
        Agent.Result older = Agent.run(env(before), "restore", "--before", "2026-12-06T10:30:00Z");
        assertThat(older.exit()).as("the newest authentic one at or before the time").isZero();
        assertThat(state(before)).isEqualTo("nine");
    }

    @Test
    void aChosenBackupNoTargetHoldsRestoresNothingEvenWhenStartingFreshIsAllowed() throws Exception {
        Map<String, String> env = env(Postgres.createDatabase("absent"));
        env.put("RESTORE_WHEN_NONE", "start-fresh");
        Agent.Result missing = Agent.run(env, "restore", "--backup", "loomio-hourly-20261206-083000.sql.gz.enc");
        assertThat(missing.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(missing.summary().get("status").asText()).isEqualTo("not-found");
        assertThat(missing.summary().get("error").asText())
                .contains("no target holds backup loomio-hourly-20261206-083000.sql.gz.enc");

        Agent.Result tooEarly = Agent.run(env, "restore", "--before", "2026-12-06T08:59:59Z");
        assertThat(tooEarly.exit()).isEqualTo(ExitCodes.NOT_FOUND);
        assertThat(Postgres.relations(env.get("DB_NAME"))).isZero();

        env.put("BACKUP_LOCAL_DIR", dir.resolve("empty").toString());
        Files.createDirectories(dir.resolve("empty"));
        Agent.Result none = Agent.run(env, "restore", "--before", "2026-12-06T12:00:00Z");
        assertThat(none.exit()).as("no backup at all is no fresh start when one was chosen")
                .isEqualTo(ExitCodes.NO_BACKUP);
    }

    @Test
    void unclearChoicesAreRefusedWithWhatToGive() throws Exception {
        Map<String, String> env = env(Postgres.createDatabase("unclear"));
        Agent.Result both = Agent.run(env, "restore", "--backup", names.get("ten"), "--before",
                "2026-12-06T10:00:00Z");
        assertThat(both.exit()).isNotZero();
        assertThat(both.stderr()).contains("give a backup's name or a time, not both");
        Agent.Result time = Agent.run(env, "restore", "--before", "yesterday");
        assertThat(time.stderr()).contains("'yesterday' is not an RFC 3339 time");
        Agent.Result name = Agent.run(env, "restore", "--backup", "dump.sql");
        assertThat(name.stderr()).contains("'dump.sql' is not a backup's file name");
        assertThat(Postgres.relations(env.get("DB_NAME"))).isZero();
    }

    @Test
    void aCloneReadsTheSourcesOffsiteBackupsNeverItsOwnLocalOnes() throws Exception {
        try (S3Server s3 = new S3Server()) {
            String bucket = s3.createBucket("clone-" + java.util.UUID.randomUUID().toString().substring(0, 8));
            Postgres.psql(source, "-c", "DELETE FROM state; INSERT INTO state VALUES ('production')");
            Map<String, String> production = env(source);
            production.putAll(s3.env(bucket));
            production.put("LOOMIO_INSTANCE", "prod/loomio");
            production.put("GDRIVE_ENABLED", "false");
            production.remove("BACKUP_LOCAL_DIR");
            Agent.Result backup = Agent.run(production, "backup", "--kind", "manual");
            assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();

            // The clone's own local volume holds a newer backup of another state: a clone never reads it.
            Postgres.psql(source, "-c", "DELETE FROM state; INSERT INTO state VALUES ('local')");
            LocalTarget own = new LocalTarget(dir.resolve("clone-local"));
            assertThat(new BackupPipeline(KEY, List.of(own), dir, null,
                    Clock.fixed(Instant.parse("2099-01-01T00:00:00Z"), ZoneOffset.UTC), null)
                    .run(DumpSource.pgDump("pg_dump", Postgres.database(source)), "manual").status())
                    .isEqualTo(BackupOutcome.OK);

            Map<String, String> clone = env(Postgres.createDatabase("clone"));
            clone.putAll(s3.env(bucket));
            clone.put("LOOMIO_INSTANCE", "staging/loomio");
            clone.put("GDRIVE_ENABLED", "false");
            clone.put("BACKUP_LOCAL_DIR", dir.resolve("clone-local").toString());
            clone.put("RESTORE_SOURCE_INSTANCE", "prod/loomio");
            Agent.Result restored = Agent.run(clone, "restore");
            assertThat(restored.exit()).as(restored.stdout() + restored.stderr()).isZero();
            assertThat(restored.summary().get("source").asText()).isEqualTo("s3");
            assertThat(restored.summary().get("name").asText()).isEqualTo(backup.summary().get("name").asText());
            assertThat(state(clone.get("DB_NAME"))).isEqualTo("production");
            assertThat(s3.keys(bucket)).as("nothing written for the clone").allMatch(k -> k.startsWith("prod.loomio/"));

            Map<String, String> ownDb = new java.util.HashMap<>(clone);
            ownDb.remove("RESTORE_SOURCE_INSTANCE");
            ownDb.put("DB_NAME", Postgres.createDatabase("own"));
            Agent.Result ownRestore = Agent.run(ownDb, "restore");
            assertThat(ownRestore.exit()).as(ownRestore.stdout() + ownRestore.stderr()).isZero();
            assertThat(state(ownDb.get("DB_NAME"))).as("without the source: its own backups").isEqualTo("local");
        }
    }
}
