package dev.pistack.loomio.operator.memory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Bytes the Postgres data directory takes, from Postgres itself: the default tablespace (every database), the global
 * tablespace (shared catalogs) and the WAL directory. In RAM mode these are the tmpfs' contents but for a few small
 * bookkeeping directories (pg_xact, pg_multixact, the configuration files), so the figure is what the kubelet reports
 * as the volume's usedBytes within a few MiB. Postgres' figures need no Kubernetes permission beyond the instance's
 * own credentials (the RBAC of the kubelet's /stats/summary is not needed for this one).
 */
public final class PostgresFill {
    /** What the tmpfs holds, per PostgreSQL's admin functions (pg_tablespace_size, pg_ls_waldir; superuser). */
    static final String QUERY = "SELECT pg_tablespace_size('pg_default') + pg_tablespace_size('pg_global')"
            + " + (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir())";

    private PostgresFill() {
    }

    /**
     * @param host the Postgres pod's IP address or a host name
     * @param port the port, 5432 in the pod
     * @param user a superuser or a member of pg_monitor (pg_ls_waldir needs it)
     * @param password its password; never part of an error message
     * @return bytes of the data directory
     * @throws SQLException when Postgres cannot be reached within 5 s or refuses the query
     */
    public static long usedBytes(String host, int port, String user, String password) throws SQLException {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[]{host});
        ds.setPortNumbers(new int[]{port});
        ds.setDatabaseName("postgres");
        ds.setUser(user);
        ds.setPassword(password);
        ds.setApplicationName("loomio-operator memory sample");
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(10);
        ds.setLoginTimeout(5);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(QUERY)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
