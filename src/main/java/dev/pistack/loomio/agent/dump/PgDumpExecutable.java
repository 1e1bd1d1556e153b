package dev.pistack.loomio.agent.dump;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * The pg_dump that dumps a server: the one of the server's own major. pg_dump refuses a server of a newer major, and
 * a dump made by a newer pg_dump can carry settings an older server refuses on restore (PostgreSQL 17's writes
 * {@code SET transaction_timeout}, unknown to 15), so neither the newest nor the oldest fits every server. Debian
 * installs the clients of several majors side by side as {@code /usr/lib/postgresql/<major>/bin} (postgresql-common);
 * the project's image carries 15 and 17.
 */
public final class PgDumpExecutable {
    /** Debian's directory of the PostgreSQL majors installed, one subdirectory each. */
    public static final Path DEBIAN_CLIENTS = Path.of("/usr/lib/postgresql");

    private PgDumpExecutable() {
    }

    /**
     * @param db the server to dump
     * @param clients the directory of installed majors ({@link #DEBIAN_CLIENTS})
     * @return the pg_dump of the server's major; {@code pg_dump} (from PATH) when {@code clients} does not exist
     * @throws SQLException when the server cannot be asked its version (within 10 s); never holds the password
     * @throws IOException when {@code clients} holds no pg_dump of the server's major (the message names the ones it
     *     holds)
     */
    public static String forServer(Database db, Path clients) throws SQLException, IOException {
        if (!Files.isDirectory(clients)) {
            return "pg_dump";
        }
        return forMajor(serverMajor(db), clients);
    }

    /**
     * @param major a PostgreSQL major version, e.g. 17
     * @param clients the directory of installed majors
     * @return {@code <clients>/<major>/bin/pg_dump}
     * @throws IOException when it is not there
     */
    static String forMajor(int major, Path clients) throws IOException {
        Path pgDump = clients.resolve(Integer.toString(major)).resolve("bin").resolve("pg_dump");
        if (Files.isExecutable(pgDump)) {
            return pgDump.toString();
        }
        try (Stream<Path> majors = Files.list(clients)) {
            throw new IOException("the server runs PostgreSQL " + major + ", and there is no pg_dump of that major"
                    + " here (" + clients + " has " + majors.map(p -> p.getFileName().toString()).sorted().toList()
                    + "): use an image with postgresql-client-" + major + ", or a PostgreSQL major it has");
        }
    }

    /** @return the server's major version, from {@code server_version_num} (170004 → 17) */
    static int serverMajor(Database db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version_num")) {
            rs.next();
            return Integer.parseInt(rs.getString(1)) / 10000;
        }
    }
}
