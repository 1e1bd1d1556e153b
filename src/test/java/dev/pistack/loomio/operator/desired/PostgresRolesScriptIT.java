package dev.pistack.loomio.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pistack.loomio.operator.memory.PostgresFill;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The Postgres pod's database-roles init container, postgres-roles.sh, run on this machine with Debian's PostgreSQL
 * 15 as the postgres user (initdb refuses root), after restore-apply.sh where a backup is restored: who may log in
 * over TCP, who owns what, and what each role may do. The end-to-end tests run both in the pod.
 */
class PostgresRolesScriptIT {
    private static final String BIN = "/usr/lib/postgresql/15/bin";
    /** An earlier version's backup: made by the superuser, so its objects were the superuser's. */
    private static final String EARLIER_DUMP = """
            CREATE EXTENSION IF NOT EXISTS citext WITH SCHEMA public;
            CREATE TABLE public.users (id bigserial PRIMARY KEY, email citext NOT NULL);
            CREATE TABLE public.events (id integer GENERATED ALWAYS AS IDENTITY, user_id bigint);
            CREATE VIEW public.user_emails AS SELECT email FROM public.users;
            CREATE SEQUENCE public.free_standing;
            INSERT INTO public.users (email) VALUES ('alice@example.org');
            """;
    private Path dir;
    private int port;
    private final Map<String, String> passwords = new LinkedHashMap<>(Map.of("POSTGRES_PASSWORD", "superuser-pw",
            "LOOMIO_DATABASE_PASSWORD", "loomio-pw", "MONITOR_DATABASE_PASSWORD", "monitor-pw"));

    @BeforeEach
    void directoryOfThePostgresUser() throws Exception {
        dir = Files.createTempDirectory("postgres-roles");
        Files.createDirectories(dir.resolve("data/.restore"));
        Files.createDirectories(dir.resolve("socket"));
        Files.copy(PostgresRestore.class.getResourceAsStream("restore-apply.sh"), dir.resolve("restore-apply.sh"));
        Files.copy(PostgresRoles.class.getResourceAsStream("postgres-roles.sh"), dir.resolve("postgres-roles.sh"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        run(List.of("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D", dir.resolve("data/pgdata").toString(),
                "-m", "immediate", "-w", "stop"));
        run(List.of("rm", "-rf", dir.toString()));
    }

    @Test
    void anEarlierSuperusersBackupIsHandedToLoomioAndTheSuperuserCannotLogInOverTcp() throws Exception {
        dump(EARLIER_DUMP);
        assertThat(script("restore-apply.sh")).isZero();
        assertThat(script("postgres-roles.sh")).isZero();
        start();

        assertThatThrownBy(() -> connect("postgres", "superuser-pw", "loomio_production"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28000"));
        try (Connection c = connect("loomio", "loomio-pw", "loomio_production")) {
            assertThat(rows(c, "SELECT c.relname || ':' || pg_get_userbyid(c.relowner) FROM pg_class c"
                    + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
                    + " AND c.relkind IN ('r', 'v', 'S', 'i') ORDER BY 1"))
                    .as("extension members stay the superuser's")
                    .containsExactly("events:loomio", "events_id_seq:loomio", "free_standing:loomio",
                            "pg_stat_statements:postgres", "pg_stat_statements_info:postgres", "user_emails:loomio",
                            "users:loomio", "users_id_seq:loomio", "users_pkey:loomio");
            assertThat(rows(c, "SELECT email FROM users")).containsExactly("alice@example.org");
            assertThat(rows(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
                    .containsExactly("false");
            assertThat(rows(c, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"))
                    .containsExactly("loomio");
            // What Rails' migrations do as the owner: new tables, and Loomio's extensions, already there.
            execute(c, "CREATE TABLE solid_queue_jobs (id bigserial PRIMARY KEY)");
            execute(c, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            assertThatThrownBy(() -> execute(c, "CREATE EXTENSION file_fdw"))
                    .as("an untrusted extension the operator did not create")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
        assertThat(PostgresFill.usedBytes("127.0.0.1", port, "loomio_monitor", "monitor-pw"))
                .as("the sampler's size query, as loomio_monitor").isPositive();
        try (Connection c = connect("loomio_monitor", "monitor-pw", "loomio_production")) {
            assertThatThrownBy(() -> rows(c, "SELECT email FROM users")).as("the monitor reads no row")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    @Test
    void withNothingRestoredItInitializesTheDatabaseAndAPasswordChangeWithAQuoteFollowsTheSecret() throws Exception {
        assertThat(script("postgres-roles.sh")).isZero();
        assertThat(dir.resolve("data/pgdata/PG_VERSION")).exists();
        assertThat(dir.resolve("data/.roles")).as("the password file and the temporary socket").doesNotExist();
        start();
        try (Connection c = connect("loomio", "loomio-pw", "loomio_production")) {
            assertThat(rows(c, "SELECT extname FROM pg_extension ORDER BY 1")).containsExactly("citext", "hstore",
                    "pg_stat_statements", "pg_trgm", "pgcrypto", "plpgsql");
        }
        stop();

        passwords.put("LOOMIO_DATABASE_PASSWORD", "rotated-pw-it's");
        assertThat(script("postgres-roles.sh")).as("a second start, PGDATA kept").isZero();
        start();
        assertThatThrownBy(() -> connect("loomio", "loomio-pw", "loomio_production"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        try (Connection c = connect("loomio", "rotated-pw-it's", "loomio_production")) {
            assertThat(rows(c, "SELECT current_user::text")).containsExactly("loomio");
        }
    }

    private void dump(String sql) throws Exception {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("data/.restore/dump.sql.gz")))) {
            out.write(sql.getBytes(StandardCharsets.UTF_8));
        }
    }

    private int script(String name) throws Exception {
        run(List.of("chown", "-R", "postgres", dir.toString()));
        Map<String, String> env = new LinkedHashMap<>(Map.of("PATH", BIN + ":/usr/bin:/bin", "PGDATA",
                dir.resolve("data/pgdata").toString(), "DATA", dir.resolve("data").toString(), "POSTGRES_USER",
                "postgres", "POSTGRES_DB", "loomio_production", "TERMINATION_LOG",
                dir.resolve("termination-log").toString()));
        env.putAll(passwords);
        List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", "env", "-i"));
        env.forEach((k, v) -> cmd.add(k + "=" + v));
        cmd.addAll(List.of("sh", dir.resolve(name).toString()));
        return run(cmd);
    }

    private void start() throws Exception {
        assertThat(run(List.of("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D",
                dir.resolve("data/pgdata").toString(), "-w", "-l", dir.resolve("server.log").toString(), "-o",
                "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir.resolve(
                        "socket"),
                "start"))).isZero();
    }

    private void stop() throws Exception {
        assertThat(run(List.of("runuser", "-u", "postgres", "--", BIN + "/pg_ctl", "-D",
                dir.resolve("data/pgdata").toString(), "-m", "fast", "-w", "stop"))).isZero();
    }

    private Connection connect(String user, String password, String database) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{"127.0.0.1"});
        ds.setPortNumbers(new int[]{port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        return ds.getConnection();
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static int run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
        return p.exitValue();
    }
}
