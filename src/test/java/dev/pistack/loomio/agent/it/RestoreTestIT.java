package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.store.BackupName;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent restore-test} against a real PostgreSQL 15: the newest backup into a scratch database, rows checked. */
class RestoreTestIT {
    private static final FernetKey KEY = FernetKey.generate(new SecureRandom());
    private static String source;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() throws Exception {
        source = Postgres.fixtureDatabase();
    }

    private static Map<String, String> env(String db) {
        Map<String, String> env = Postgres.env(db);
        env.put("BACKUP_ENCRYPTION_KEY", KEY.encoded());
        return env;
    }

    private JsonNode backup() throws Exception {
        Agent.Result backup = Agent.run(env(source), "backup", "--local-dir", dir.toString());
        assertThat(backup.exit()).as(backup.stdout() + backup.stderr()).isZero();
        return backup.summary();
    }

    @Test
    void theNewestBackupRestoresAndEveryTableHoldsTheRowsTheBackupRecorded() throws Exception {
        JsonNode backup = backup();
        assertThat(backup.get("rows").get("comments").asLong()).as("counted while the dump streamed")
                .isEqualTo(4000);

        String scratch = Postgres.createDatabase("scratch");
        Agent.Result test = Agent.run(env(scratch), "restore-test", "--local-dir", dir.toString());

        assertThat(test.exit()).as(test.stdout() + test.stderr()).isZero();
        JsonNode s = test.summary();
        assertThat(s.get("status").asText()).isEqualTo("passed");
        assertThat(s.get("name").asText()).isEqualTo(backup.get("name").asText());
        assertThat(s.get("target").asText()).isEqualTo("local");
        assertThat(s.get("tables").asInt()).as("every table of the fixture with a COPY block").isGreaterThan(7);
        assertThat(s.get("counts")).as("the counts the backup recorded when it was taken")
                .isEqualTo(backup.get("rows"));
        assertThat(s.get("rows").asLong()).isGreaterThan(4000);
        assertThat(Postgres.fingerprint(scratch)).isEqualTo(Postgres.fingerprint(source));
    }

    @Test
    void aCorruptedNewestBackupFailsNamingItAndNoOlderOneIsTested() throws Exception {
        JsonNode good = backup();
        Path goodFile = Path.of(good.get("targets").get(0).get("location").asText());
        byte[] corrupt = Files.readAllBytes(goodFile);
        corrupt[corrupt.length / 2] = (byte) (corrupt[corrupt.length / 2] == 'A' ? 'B' : 'A');
        String newest = BackupName.create("hourly", Instant.now().plusSeconds(3600)).fileName();
        Files.write(dir.resolve(newest), corrupt);

        String scratch = Postgres.createDatabase("scratch");
        Agent.Result test = Agent.run(env(scratch), "restore-test", "--local-dir", dir.toString());

        assertThat(test.exit()).isEqualTo(1);
        assertThat(test.summary().get("status").asText()).isEqualTo("failed");
        assertThat(test.summary().get("name").asText()).isEqualTo(newest);
        assertThat(test.summary().get("reason").asText()).isEqualTo("wrong-key-or-corrupt");
        assertThat(Postgres.relations(scratch)).as("nothing applied, no older backup tried").isZero();
    }

    @Test
    void rowsThatDoNotArriveFailTheTestTableByTable() throws Exception {
        // A BEFORE INSERT trigger that drops every row: COPY succeeds, the table stays empty.
        writeDump("""
                CREATE TABLE public.users (id int);
                CREATE TABLE public.groups (id int);
                CREATE TABLE public.discussions (id int);
                CREATE FUNCTION public.drop_row() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
                CREATE TRIGGER drop_row BEFORE INSERT ON public.groups FOR EACH ROW EXECUTE FUNCTION public.drop_row();
                COPY public.users (id) FROM stdin;
                1
                2
                \\.
                COPY public.groups (id) FROM stdin;
                1
                \\.
                COPY public.discussions (id) FROM stdin;
                \\.
                """);
        JsonNode s = restoreTest(1);
        assertThat(s.get("reason").asText()).isEqualTo("rows-differ");
        assertThat(s.get("mismatches")).hasSize(1);
        assertThat(s.get("mismatches").get(0).asText()).isEqualTo("public.groups: dump 1, restored 0");
        assertThat(s.get("counts").get("users").asLong()).isEqualTo(2);
    }

    @Test
    void aDatabaseThatIsNotLoomiosFails() throws Exception {
        writeDump("""
                CREATE TABLE public.things (id int);
                COPY public.things (id) FROM stdin;
                1
                \\.
                """);
        JsonNode s = restoreTest(1);
        assertThat(s.get("reason").asText()).isEqualTo("not-loomio");
        assertThat(s.get("error").asText()).contains("no table users, groups, discussions");
    }

    @Test
    void noBackupIsExit3() throws Exception {
        JsonNode s = restoreTest(3);
        assertThat(s.get("status").asText()).isEqualTo("none");
    }

    private JsonNode restoreTest(int exit) throws Exception {
        String scratch = Postgres.createDatabase("scratch");
        Agent.Result test = Agent.run(env(scratch), "restore-test", "--local-dir", dir.toString());
        assertThat(test.exit()).as(test.stdout() + test.stderr()).isEqualTo(exit);
        return test.summary();
    }

    /** An authentic backup of a hand-written, complete dump. */
    private void writeDump(String sql) throws Exception {
        Instant now = Instant.now();
        Path file = dir.resolve(BackupName.create("manual", now).fileName());
        try (OutputStream out = new GZIPOutputStream(new FernetOutputStream(Files.newOutputStream(file), KEY, now,
                new SecureRandom().generateSeed(16)))) {
            out.write(("--\n-- PostgreSQL database dump\n--\n" + sql
                    + "\n--\n-- PostgreSQL database dump complete\n--\n\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
