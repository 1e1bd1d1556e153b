package dev.pistack.loomio.agent.dump;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What says whether a database changed since a backup, without dumping it: a digest of PostgreSQL's cumulative
 * statistics, read before pg_dump takes its snapshot. Two equal tokens mean no row, sequence or schema object changed
 * in between; an unequal one may also come from a change that only Solid Queue's bookkeeping or a restart made.
 *
 * <p>Why it cannot miss a change (PostgreSQL 15 and later, where the statistics live in shared memory and none are
 * dropped; docs "The Cumulative Statistics System"):
 * <ul>
 * <li>Every INSERT, UPDATE, DELETE and COPY adds to {@code n_tup_ins/upd/del} of its table, aborted ones too; every
 * DDL, TRUNCATE (a new relfilenode), GRANT or COMMENT writes catalog rows ({@code pg_class}, {@code pg_attribute}, …),
 * which count the same way in {@code pg_stat_all_tables}; their sum only grows.</li>
 * <li>A backend adds its counts after its transaction commits, so what the token read counted had committed before
 * pg_dump's snapshot (taken after the read) and is in the dump; what it had not counted yet is counted later and makes
 * the next token differ.</li>
 * <li>The counts go back to zero only on a reset or a restart, and each of those changes a timestamp in the token:
 * {@code pg_postmaster_start_time()} (a restart), {@code pg_stat_bgwriter.stats_reset} (set when a crash discards the
 * statistics, and by {@code pg_stat_reset_shared}), {@code pg_stat_database.stats_reset} (set by {@code
 * pg_stat_reset()} and by a reset of one table's counters).</li>
 * <li>A sequence moved by {@code nextval} or {@code setval} without a row written is read directly
 * ({@code pg_sequences.last_value}).</li>
 * </ul>
 * Left out, because they change while nobody uses Loomio and are not Loomio's data: the tables and sequences whose
 * names start with {@code solid_queue_} (Solid Queue's heartbeats and its every-minute recurring job; a job a user's
 * action enqueues comes with that action's rows), and {@code pg_statistic}/{@code pg_statistic_ext_data} (ANALYZE's
 * figures, which pg_dump does not dump), with their TOAST tables. Servers before 15 (a statistics collector that may
 * drop messages) and servers with {@code track_counts} off give no token: every run then takes a backup.
 */
public final class ChangeToken {
    /** Tables and sequences whose changes are not Loomio's data. */
    static final String IGNORED_PREFIX = "solid\\_queue\\_%";

    private static final String QUERY = """
            WITH ignored AS (
              SELECT c.oid FROM pg_class c
              WHERE c.relname LIKE '%1$s'
                 OR (c.relnamespace = 'pg_catalog'::regnamespace
                     AND c.relname IN ('pg_statistic', 'pg_statistic_ext_data'))
            ), ignored_all AS (
              SELECT oid FROM ignored
              UNION SELECT c.reltoastrelid FROM pg_class c JOIN ignored i ON i.oid = c.oid WHERE c.reltoastrelid <> 0
            )
            SELECT current_setting('server_version_num')::int,
                   current_setting('track_counts'),
                   pg_postmaster_start_time()::text,
                   coalesce((SELECT stats_reset::text FROM pg_stat_bgwriter), '-'),
                   coalesce((SELECT stats_reset::text FROM pg_stat_database WHERE datname = current_database()), '-'),
                   (SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)::text FROM pg_stat_all_tables
                     WHERE relid NOT IN (SELECT oid FROM ignored_all)),
                   (SELECT coalesce(string_agg(schemaname || '.' || sequencename || '=' || coalesce(last_value::text,
                     '-'), ',' ORDER BY schemaname, sequencename), '') FROM pg_sequences
                     WHERE sequencename NOT LIKE '%1$s')
            """.formatted(IGNORED_PREFIX);

    private ChangeToken() {
    }

    /**
     * Reads the database's token, in one statement (one snapshot of the statistics).
     *
     * @param c a connection to the database pg_dump will dump, in autocommit mode, before pg_dump starts
     * @param scope what else makes a stored backup differ (the key's fingerprint, each target's address, the uploads'
     *     files): a backup of unchanged data to a new target or with a new key is still needed
     * @return {@code v1-} and 32 hex digits; empty when the server cannot tell (before PostgreSQL 15, or
     *     {@code track_counts} off)
     * @throws SQLException when the statistics cannot be read
     */
    public static Optional<String> read(Connection c, List<String> scope) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(QUERY)) {
            r.next();
            if (r.getInt(1) < 150000 || !"on".equals(r.getString(2))) {
                return Optional.empty();
            }
            StringBuilder fields = new StringBuilder();
            for (int column = 3; column <= 7; column++) {
                fields.append(r.getString(column)).append('\n');
            }
            scope.forEach(part -> fields.append(part).append('\n'));
            return Optional.of("v1-" + HexFormat.of().formatHex(sha256(fields.toString()), 0, 16));
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
