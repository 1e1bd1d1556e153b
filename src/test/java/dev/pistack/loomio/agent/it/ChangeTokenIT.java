package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.ChangeToken;
import dev.pistack.loomio.contract.AgentCli;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The change token against a PostgreSQL 15 server of its own (initdb, so it can be restarted and crashed): every kind
 * of change makes the token differ, Solid Queue's churn and ANALYZE do not, and {@code agent backup
 * --skip-unchanged-since} takes nothing on an unchanged database and a backup after any change.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeTokenIT {
    private static final String BIN = "/usr/lib/postgresql/15/bin";
    private static final String DB = "loomio_production";
    private static final List<String> SCOPE = List.of("key k", "target local:/backups");
    /** How long a backend may keep its counts before they show: PGSTAT_IDLE_INTERVAL (10 s), with room. */
    private static final Duration FLUSH = Duration.ofSeconds(30);
    private static Path dir;
    private static int port;

    @BeforeAll
    static void ownServerWithTheFixture() throws Exception {
        dir = Files.createTempDirectory("change-token");
        run("chown", "postgres", dir.toString());
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "/initdb", "-A", "trust", "-U", "postgres", "-D",
                dir.resolve("pgdata").toString())).isZero();
        start();
        try (Connection c = connect("postgres")) {
            execute(c, "CREATE DATABASE " + DB);
        }
        Map<String, String> env = env();
        for (String file : List.of("schema.sql", "seed.sql")) {
            Process p = psql(env, "-f", Postgres.FIXTURE.resolve(file).toString());
            assertThat(p.waitFor()).isZero();
        }
        try (Connection c = connect(DB)) {
            execute(c, "CREATE TABLE solid_queue_processes (id bigserial PRIMARY KEY, last_heartbeat_at timestamptz,"
                    + " metadata text)");
            execute(c, "CREATE TABLE solid_queue_jobs (id bigserial PRIMARY KEY, arguments text)");
            execute(c, "INSERT INTO solid_queue_processes (last_heartbeat_at) VALUES (now())");
        }
    }

    @AfterAll
    static void stopAndRemove() throws Exception {
        run("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D", dir.resolve("pgdata").toString(), "-m",
                "immediate", "-w", "stop");
        run("rm", "-rf", dir.toString());
    }

    @Test
    @Order(1)
    void readingTwiceWithoutAChangeGivesTheSameTokenAndAnotherScopeAnother() throws Exception {
        String first = settledToken();
        assertThat(first).matches("v1-[0-9a-f]{32}");
        assertThat(token()).isEqualTo(first);
        try (Connection c = connect(DB)) {
            assertThat(ChangeToken.read(c, List.of("key k", "target s3:aws/bucket/prefix"))).get()
                    .isNotEqualTo(first);
        }
    }

    @Test
    @Order(2)
    void everyKindOfChangeMakesTheTokenDiffer() throws Exception {
        for (String change : List.of(
                "INSERT INTO users (email, name, username) VALUES ('new@example.org', 'New', 'new')",
                "UPDATE users SET name = 'Renamed' WHERE email = 'new@example.org'",
                "DELETE FROM users WHERE email = 'new@example.org'",
                "COPY groups (name, handle) FROM PROGRAM 'echo copied,copied-handle' WITH (FORMAT csv)",
                "TRUNCATE translations",
                "CREATE TABLE added (id int)",
                "ALTER TABLE added ADD COLUMN label text",
                "CREATE INDEX added_label ON added (label)",
                "COMMENT ON TABLE added IS 'a comment'",
                "DROP TABLE added",
                "SELECT setval('users_id_seq', (SELECT last_value FROM users_id_seq) + 100)",
                "SELECT nextval('groups_id_seq')",
                "SELECT pg_stat_reset_single_table_counters('users'::regclass)",
                "SELECT pg_stat_reset()")) {
            String before = settledToken();
            try (Connection c = connect(DB)) {
                execute(c, change);
                execute(c, "SELECT pg_stat_force_next_flush()");
            }
            await().atMost(FLUSH).pollInterval(Duration.ofMillis(200)).alias(change)
                    .until(() -> !token().equals(before));
        }
    }

    @Test
    @Order(3)
    void solidQueueChurnAnalyzeAndVacuumDoNotCount() throws Exception {
        String before = settledToken();
        long heartbeats = updates("solid_queue_processes");
        try (Connection c = connect(DB)) {
            for (int i = 0; i < 20; i++) {
                execute(c, "UPDATE solid_queue_processes SET last_heartbeat_at = now(), metadata = repeat('m', 5000)");
                execute(c, "INSERT INTO solid_queue_jobs (arguments) VALUES (repeat('a', 10000))");
            }
            execute(c, "DELETE FROM solid_queue_jobs");
            execute(c, "ANALYZE");
            execute(c, "VACUUM");
            execute(c, "SELECT pg_stat_force_next_flush()");
        }
        // The churn is counted (so it would have shown), and the token ignores it.
        await().atMost(FLUSH).until(() -> updates("solid_queue_processes") >= heartbeats + 20);
        assertThat(token()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aRestartAndACrashMakeTheTokenDifferWithoutAnyWrite() throws Exception {
        String before = settledToken();
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D", dir.resolve("pgdata").toString(),
                "-m", "fast", "-w", "restart")).isZero();
        String restarted = token();
        assertThat(restarted).isNotEqualTo(before);
        // A backend killed: the postmaster restarts every process and discards the statistics, its start time kept.
        String startTime;
        try (Connection c = connect(DB)) {
            startTime = single(c, "SELECT pg_postmaster_start_time()::text");
            int pid = Integer.parseInt(single(c, "SELECT pg_backend_pid()::text"));
            assertThat(run("kill", "-9", Integer.toString(pid))).isZero();
        }
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Connection c = connect(DB)) {
                return single(c, "SELECT pg_is_in_recovery()::text").equals("false");
            }
        });
        try (Connection c = connect(DB)) {
            assertThat(single(c, "SELECT pg_postmaster_start_time()::text")).isEqualTo(startTime);
        }
        assertThat(token()).isNotEqualTo(restarted);
    }

    @Test
    @Order(5)
    void withoutCountsThereIsNoTokenAndEveryRunBacksUp() throws Exception {
        try (Connection c = connect("postgres")) {
            execute(c, "ALTER SYSTEM SET track_counts = off");
            execute(c, "SELECT pg_reload_conf()");
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                try (Connection c = connect(DB)) {
                    return ChangeToken.read(c, SCOPE).isEmpty();
                }
            });
        } finally {
            try (Connection c = connect("postgres")) {
                execute(c, "ALTER SYSTEM RESET track_counts");
                execute(c, "SELECT pg_reload_conf()");
            }
        }
    }

    @Test
    @Order(6)
    void anUnchangedDatabaseIsSkippedWithoutTouchingTheTargetAndAChangedOneBackedUp() throws Exception {
        Map<String, String> env = env();
        FernetKey key = FernetKey.generate(new SecureRandom());
        env.put("BACKUP_ENCRYPTION_KEY", key.encoded());
        Path backups = dir.resolve("backups");
        env.put("BACKUP_LOCAL_DIR", backups.toString());
        Path uploads = Files.createDirectories(dir.resolve("uploads"));
        settledToken();
        Agent.Result first = Agent.run(env, "backup", "--no-prune", AgentCli.UPLOADS_DIR, uploads.toString());
        assertThat(first.exit()).as(first.stderr()).isZero();
        String token = first.summary().get("changeToken").asText();
        assertThat(token).matches("v1-[0-9a-f]{32}");

        // What the operator does: the next scheduled run gets the token of the newest stored backup.
        Agent.Result skipped = Agent.run(env, "backup", "--no-prune", AgentCli.UPLOADS_DIR, uploads.toString(),
                AgentCli.SKIP_UNCHANGED_SINCE, token);
        assertThat(skipped.exit()).as(skipped.stderr()).isZero();
        JsonNode summary = skipped.summary();
        assertThat(summary.get("status").asText()).isEqualTo("skipped");
        assertThat(summary.get("changeToken").asText()).isEqualTo(token);
        assertThat(summary.has("name")).isFalse();
        assertThat(files(backups)).hasSize(1);

        // A file put on the uploads volume without a row (by hand, or restored) is a change too.
        Thread.sleep(1100);
        Files.writeString(Files.createDirectories(uploads.resolve("storage/ab/cd")).resolve("key1"), "attachment");
        Agent.Result upload = Agent.run(env, "backup", "--no-prune", AgentCli.UPLOADS_DIR, uploads.toString(),
                AgentCli.SKIP_UNCHANGED_SINCE, token);
        assertThat(upload.summary().get("status").asText()).as(upload.stdout()).isEqualTo("ok");
        assertThat(files(backups)).hasSize(2);
        String withUpload = upload.summary().get("changeToken").asText();
        assertThat(withUpload).isNotEqualTo(token);
        assertThat(Agent.run(env, "backup", "--no-prune", AgentCli.UPLOADS_DIR, uploads.toString(),
                AgentCli.SKIP_UNCHANGED_SINCE, withUpload).summary().get("status").asText()).isEqualTo("skipped");

        try (Connection c = connect(DB)) {
            execute(c, "UPDATE groups SET name = name || '!' WHERE id = (SELECT min(id) FROM groups)");
            execute(c, "SELECT pg_stat_force_next_flush()");
        }
        await().atMost(FLUSH).until(() -> !token().equals(token));
        env.put(AgentCli.ENV_SKIP_UNCHANGED_SINCE, withUpload);
        Thread.sleep(1100); // backup names have the second: another in the same one would replace the last
        Agent.Result changed = Agent.run(env, "backup", "--no-prune", AgentCli.UPLOADS_DIR, uploads.toString());
        assertThat(changed.exit()).as(changed.stderr()).isZero();
        assertThat(changed.summary().get("status").asText()).isEqualTo("ok");
        assertThat(changed.summary().get("changeToken").asText()).isNotEqualTo(withUpload);
        assertThat(files(backups)).hasSize(3);
    }

    private static List<Path> files(Path backups) throws Exception {
        try (Stream<Path> s = Files.list(backups)) {
            return s.filter(p -> p.getFileName().toString().startsWith("loomio-")).toList();
        }
    }

    /** @return the token once every earlier write shows in it (no two reads 2 s apart differ) */
    private static String settledToken() throws Exception {
        String[] last = {token()};
        await().atMost(FLUSH).pollDelay(Duration.ofSeconds(2)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            String now = token();
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same;
        });
        return last[0];
    }

    private static String token() throws SQLException {
        try (Connection c = connect(DB)) {
            Optional<String> t = ChangeToken.read(c, SCOPE);
            assertThat(t).as("a PostgreSQL 15 server with track_counts on has a token").isPresent();
            return t.get();
        }
    }

    private static long updates(String table) throws SQLException {
        try (Connection c = connect(DB)) {
            return Long.parseLong(single(c, "SELECT n_tup_upd::text FROM pg_stat_all_tables WHERE relname = '"
                    + table + "'"));
        }
    }

    private static Map<String, String> env() {
        Map<String, String> env = Postgres.env(DB);
        env.put("DB_HOST", "127.0.0.1");
        env.put("DB_PORT", Integer.toString(port));
        env.put("DB_USER", "postgres");
        env.put("DB_PASSWORD", "");
        return env;
    }

    private static Process psql(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        dev.pistack.loomio.agent.dump.Database.fromEnvironment(env).applyTo(pb.environment());
        return pb.start();
    }

    private static void start() throws Exception {
        assertThat(run("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D", dir.resolve("pgdata").toString(),
                "-w", "-l", dir.resolve("server.log").toString(), "-o", "-c listen_addresses=127.0.0.1 -c port="
                        + port + " -c unix_socket_directories=" + dir,
                "start")).isZero();
    }

    private static Connection connect(String database) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{"127.0.0.1"});
        ds.setPortNumbers(new int[]{port});
        ds.setDatabaseName(database);
        ds.setUser("postgres");
        return ds.getConnection();
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        return p.exitValue();
    }
}
