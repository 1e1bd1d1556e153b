package dev.pistack.loomio.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pistack.loomio.agent.dump.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real PostgreSQL the agent tests use (hack/postgres.sh starts it; PGHOST, PGPORT, PGUSER, PGPASSWORD override
 * the defaults). Each test works in databases of its own.
 */
final class Postgres {
    static final Path FIXTURE = Path.of("../shared/testdata/loomio-fixture");

    private Postgres() {
    }

    /** @return the environment an agent gets: the server's settings, DB_NAME set to db */
    static Map<String, String> env(String db) {
        Map<String, String> env = new HashMap<>();
        env.put("DB_HOST", System.getenv().getOrDefault("PGHOST", "127.0.0.1"));
        env.put("DB_PORT", System.getenv().getOrDefault("PGPORT", "5432"));
        env.put("DB_USER", System.getenv().getOrDefault("PGUSER", "postgres"));
        env.put("DB_PASSWORD", System.getenv().getOrDefault("PGPASSWORD", "postgres"));
        env.put("DB_NAME", db);
        return env;
    }

    static Database database(String db) {
        return Database.fromEnvironment(env(db));
    }

    /** @return the name of a new, empty database */
    static String createDatabase(String prefix) throws Exception {
        String name = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
        psql("postgres", "-c", "CREATE DATABASE " + name);
        return name;
    }

    /** @return a new database loaded with the Loomio fixture at scale 1 */
    static String fixtureDatabase() throws Exception {
        String db = createDatabase("fixture");
        psql(db, "-f", FIXTURE.resolve("schema.sql").toString());
        psql(db, "-f", FIXTURE.resolve("seed.sql").toString());
        return db;
    }

    /** @return fingerprint.sql's output: equal output means equal data */
    static String fingerprint(String db) throws Exception {
        return psql(db, "-At", "-f", FIXTURE.resolve("fingerprint.sql").toString());
    }

    static long relations(String db) throws Exception {
        return Long.parseLong(psql(db, "-At", "-c", "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = 'public'").strip());
    }

    static String psql(String db, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        database(db).applyTo(pb.environment());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("psql %s: %s", String.join(" ", args), out).isZero();
        return out;
    }
}
