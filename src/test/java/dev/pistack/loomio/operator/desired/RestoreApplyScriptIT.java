package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.contract.ProgressReport;
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

    @Test
    void whileTheDumpAppliesItPrintsHowFarItRead() throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            rows.append(i).append("\trow ").append(Integer.toHexString(i * 31)).append('\n');
        }
        // psql sleeps between two tables, while gunzip waits with more than a pipe's worth of the dump unread: the
        // progress lines of those seconds show a position inside the file.
        Path file = dir.resolve("data/.restore/dump.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            for (String table : List.of("a", "b")) {
                out.write(("CREATE TABLE " + table + " (id int, v text);\nCOPY " + table + " (id, v) FROM stdin;\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write(rows.toString().getBytes(StandardCharsets.UTF_8));
                out.write(("\\.\n" + ("a".equals(table) ? "SELECT pg_sleep(4);\n" : ""))
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        run(List.of("chown", "-R", "postgres", dir.toString()));
        long size = Files.size(dir.resolve("data/.restore/dump.sql.gz"));

        Result r = apply("postgres", Map.of("LOOMIO_PROGRESS_INTERVAL_SECONDS", "1"));

        assertThat(r.exit()).as(r.terminationLog()).isZero();
        List<ProgressReport> reports = r.output().lines().filter(l -> l.startsWith("{\"progress\""))
                .map(l -> ProgressReport.newest(l).orElseThrow()).toList();
        assertThat(reports).as(r.output()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.progress()).isEqualTo(ProgressReport.APPLY);
            assertThat(p.totalBytes()).isEqualTo(size);
            assertThat(p.doneBytes()).isPositive().isLessThanOrEqualTo(size);
        });
        assertThat(reports).as("a position inside the dump while psql worked on its first part")
                .anySatisfy(p -> assertThat(p.doneBytes()).isLessThan(size));
        assertThat(r.output().strip().lines().reduce((a, b) -> b).orElseThrow()).as("the result comes last")
                .contains("\"status\":\"restored\"");
    }

    private record Result(int exit, String terminationLog, String output) {
    }

    private void dump(String sql) throws Exception {
        Path file = dir.resolve("data/.restore/dump.sql.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
        run(List.of("chown", "-R", "postgres", dir.toString()));
    }

    private Result apply(String superuser) throws Exception {
        return apply(superuser, Map.of());
    }

    private Result apply(String superuser, Map<String, String> extra) throws Exception {
        Path log = dir.resolve("termination-log");
        Map<String, String> env = new java.util.TreeMap<>(Map.of("PATH", BIN + ":/usr/bin:/bin", "PGDATA",
                dir.resolve("data/pgdata").toString(), "DATA", dir.resolve("data").toString(), "POSTGRES_USER",
                superuser, "POSTGRES_PASSWORD", "restore-test-password", "POSTGRES_DB", "loomio_production",
                "TERMINATION_LOG", log.toString()));
        env.putAll(extra);
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("sh", dir.resolve("restore-apply.sh").toString()));
        Path output = dir.resolveSibling(dir.getFileName() + ".out");
        int exit = run(cmd, output);
        String out = Files.readString(output);
        Files.delete(output);
        return new Result(exit, Files.exists(log) ? Files.readString(log) : "", out);
    }

    private static int run(List<String> cmd) throws Exception {
        Path discard = Files.createTempFile("run", ".out");
        try {
            return run(cmd, discard);
        } finally {
            Files.delete(discard);
        }
    }

    private static int run(List<String> cmd, Path output) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        return p.exitValue();
    }
}
