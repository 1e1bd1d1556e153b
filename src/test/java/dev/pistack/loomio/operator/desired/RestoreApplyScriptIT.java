package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Postgres pod's second restore init container, restore-apply.sh, run on this machine with Debian's PostgreSQL 15
 * as the postgres user (initdb refuses root), its termination message redirected to a file: what it reports when a
 * dump fails to apply or initdb fails, and what it leaves behind. The end-to-end tests run it in the pod.
 */
class RestoreApplyScriptIT {
    private static final String BIN = "/usr/lib/postgresql/15/bin";
    private Path dir;

    @BeforeEach
    void directoryOfThePostgresUser() throws Exception {
        dir = Files.createTempDirectory("restore-apply");
        Files.createDirectories(dir.resolve("data/.restore"));
        Files.copy(PostgresRestore.class.getResourceAsStream("restore-apply.sh"), dir.resolve("restore-apply.sh"));
        run(List.of("chown", "-R", "postgres", dir.toString()));
    }

    @AfterEach
    void removeIt() throws Exception {
        run(List.of("rm", "-rf", dir.toString()));
    }

    @Test
    void aDumpThatFailsIsReportedBySqlstateWithoutItsRowsAndLeavesNoPgdata() throws Exception {
        dump("CREATE TABLE users (email text PRIMARY KEY);\n"
                + "INSERT INTO users VALUES ('alice@example.org');\n"
                + "INSERT INTO users VALUES ('alice@example.org');\n");

        Result r = apply("postgres");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.terminationLog()).contains("\"status\":\"failed\"").contains("23505")
                .doesNotContain("alice@example.org");
        assertThat(dir.resolve("data/pgdata")).doesNotExist();
        assertThat(dir.resolve("data/.restore/pwfile")).doesNotExist();
    }

    @Test
    void aFailedInitdbTakesThePasswordFileWithIt() throws Exception {
        dump("CREATE TABLE t (id int);\n");

        Result r = apply("pg_reserved");

        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.terminationLog()).contains("\"status\":\"failed\"").contains("initdb failed");
        assertThat(dir.resolve("data/.restore/pwfile")).as("the superuser's password, on the data volume")
                .doesNotExist();
        assertThat(dir.resolve("data/pgdata")).doesNotExist();
    }

    @Test
    void aGoodDumpBecomesPgdata() throws Exception {
        dump("CREATE TABLE users (email text PRIMARY KEY);\nINSERT INTO users VALUES ('alice@example.org');\n");

        Result r = apply("postgres");

        assertThat(r.exit()).as(r.terminationLog()).isZero();
        assertThat(r.terminationLog()).contains("\"status\":\"restored\"");
        assertThat(dir.resolve("data/pgdata/PG_VERSION")).exists();
        assertThat(dir.resolve("data/.restore")).doesNotExist();
    }

    private record Result(int exit, String terminationLog) {
    }

    private void dump(String sql) throws Exception {
        Path file = dir.resolve("data/.restore/dump.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        run(List.of("chown", "-R", "postgres", dir.toString()));
    }

    private Result apply(String superuser) throws Exception {
        Path log = dir.resolve("termination-log");
        Map<String, String> env = Map.of("PATH", BIN + ":/usr/bin:/bin", "PGDATA", dir.resolve("data/pgdata")
                .toString(), "DATA", dir.resolve("data").toString(), "POSTGRES_USER", superuser,
                "POSTGRES_PASSWORD", "restore-test-password", "POSTGRES_DB", "loomio_production",
                "TERMINATION_LOG", log.toString());
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("sh", dir.resolve("restore-apply.sh").toString()));
        int exit = run(cmd);
        return new Result(exit, Files.exists(log) ? Files.readString(log) : "");
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        return p.exitValue();
    }
}
