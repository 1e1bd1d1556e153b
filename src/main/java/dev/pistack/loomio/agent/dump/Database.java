package dev.pistack.loomio.agent.dump;

import dev.pistack.loomio.contract.AgentCli;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Where the database is, as the seed system's backup service named it (DB_HOST, DB_PORT, DB_NAME, DB_USER,
 * DB_PASSWORD) with the libpq variables (PGHOST, …) as fallbacks. The password reaches pg_dump and psql only
 * through the PGPASSWORD environment variable, never on a command line, and {@link #toString()} leaves it out.
 *
 * @param port TCP port
 */
public record Database(String host, int port, String name, String user, String password) {
    private static final Set<String> KEPT = Set.of("PATH", "HOME", "TMPDIR", "TZ", "LANG", "LANGUAGE");

    /** @return the settings from the environment: DB_* first, then PG*, then loomio-deploy's defaults */
    public static Database fromEnvironment(Map<String, String> env) {
        return new Database(
                first(env, AgentCli.ENV_DB_HOST, "PGHOST", "localhost"),
                Integer.parseInt(first(env, AgentCli.ENV_DB_PORT, "PGPORT", "5432")),
                first(env, AgentCli.ENV_DB_NAME, "PGDATABASE", "loomio_production"),
                first(env, AgentCli.ENV_DB_USER, "PGUSER", "postgres"),
                first(env, AgentCli.ENV_DB_PASSWORD, "PGPASSWORD", null));
    }

    /**
     * Sets the environment of a pg_dump or psql child process: it keeps only what a program and libpq read (PATH,
     * HOME, TMPDIR, TZ, the locale, the PG* settings such as PGSSLMODE) and sets the connection. Everything else goes,
     * the backup key and the Drive credentials first: a child has no use for them, and a child's environment is
     * readable where its command line is (/proc/PID/environ, for the same user).
     *
     * @param childEnv a ProcessBuilder's environment, a copy of the agent's; changed in place
     */
    public void applyTo(Map<String, String> childEnv) {
        childEnv.keySet().removeIf(name -> !KEPT.contains(name) && !name.startsWith("LC_") && !name.startsWith("PG"));
        childEnv.put("PGHOST", host);
        childEnv.put("PGPORT", Integer.toString(port));
        childEnv.put("PGDATABASE", name);
        childEnv.put("PGUSER", user);
        if (password != null) {
            childEnv.put("PGPASSWORD", password);
        } else {
            childEnv.remove("PGPASSWORD");
        }
    }

    /**
     * Connects over JDBC, as the agent does for what it asks the server itself (its version, its statistics).
     *
     * @return an open connection in autocommit mode; the caller closes it
     * @throws SQLException when the server cannot be reached or refuses the login within 10 s (never holds the
     *     password)
     */
    public Connection connect() throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{host});
        ds.setPortNumbers(new int[]{port});
        ds.setDatabaseName(name);
        ds.setUser(user);
        ds.setPassword(password);
        ds.setApplicationName("loomio backup agent");
        ds.setConnectTimeout(10);
        ds.setLoginTimeout(10);
        return ds.getConnection();
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + name;
    }

    private static String first(Map<String, String> env, String a, String b, String fallback) {
        String v = env.get(a);
        if (v == null || v.isEmpty()) {
            v = env.get(b);
        }
        return v == null || v.isEmpty() ? fallback : v;
    }
}
