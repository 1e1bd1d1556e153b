package dev.pistack.loomio.agent.dump;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a plain SQL dump with psql, all or nothing: {@code psql --single-transaction -v ON_ERROR_STOP=1}.
 *
 * <p>psql commits when its input ends. So when reading the dump fails part-way (a failed authentication at the
 * end of the stream, an incomplete dump), psql is killed <b>before</b> its input is closed: the server sees the
 * connection drop inside the transaction and rolls it back.
 */
public final class PsqlApplier {
    /** Relations outside the system schemas: a database without any is empty. */
    private static final String COUNT_RELATIONS = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

    private final String psql;
    private final Database db;

    public PsqlApplier(String psql, Database db) {
        this.psql = psql;
        this.db = db;
    }

    /** @return the number of tables, sequences, views and indexes outside the system schemas */
    public long relationCount() throws IOException {
        Process p = start(List.of("-tA", "-c", COUNT_RELATIONS), true);
        p.getOutputStream().close();
        StderrTail stderr = new StderrTail(p.getErrorStream(), "psql");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exit = waitFor(p);
        if (exit != 0) {
            throw new IOException("psql could not query " + db + ": " + tail(stderr));
        }
        return Long.parseLong(out);
    }

    /**
     * Counts the rows of each table with {@code SELECT count(*)}, in one psql session.
     *
     * @param tables schema-qualified names as pg_dump writes them in COPY lines ({@link CopyRowCounts#tables()})
     * @return rows per table, keyed as given
     * @throws IOException when psql fails, e.g. a table does not exist
     */
    public Map<String, Long> rowCounts(Collection<String> tables) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return counts;
        }
        List<String> names = List.copyOf(tables);
        StringBuilder sql = new StringBuilder();
        for (int t = 0; t < names.size(); t++) {
            sql.append(t == 0 ? "" : " UNION ALL ").append("SELECT ").append(t).append(", count(*) FROM ")
                    .append(names.get(t));
        }
        sql.append(";\n");
        Process p = start(List.of("-tA", "-F", "|", "-v", "ON_ERROR_STOP=1", "-f", "-"), true);
        StderrTail stderr = new StderrTail(p.getErrorStream(), "psql");
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(sql.toString().getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = waitFor(p);
        if (exit != 0) {
            throw new IOException("psql could not count the rows in " + db + ": " + tail(stderr));
        }
        for (String line : out.strip().split("\n")) {
            String[] parts = line.split("\\|");
            if (parts.length == 2) {
                counts.put(names.get(Integer.parseInt(parts[0])), Long.parseLong(parts[1]));
            }
        }
        return counts;
    }

    /**
     * Feeds the dump to psql in one transaction. psql reports a failed statement by its SQLSTATE and line alone
     * ({@code VERBOSITY=sqlstate}): the server's message, detail and context can quote the rows of the dump (a
     * duplicate key, a value of the wrong type), and the error ends up in the instance's status and Events.
     *
     * @param dump read to its end; if reading throws, the transaction is rolled back and the exception rethrown
     * @throws IOException when psql fails (the transaction is rolled back) or the dump could not be read
     */
    public void apply(InputStream dump) throws IOException {
        Process p = start(List.of("--single-transaction", "-v", "ON_ERROR_STOP=1", "-v", "VERBOSITY=sqlstate", "-f",
                "-"), false);
        StderrTail stderr = new StderrTail(p.getErrorStream(), "psql");
        OutputStream stdin = p.getOutputStream();
        try {
            dump.transferTo(stdin);
        } catch (IOException | RuntimeException e) {
            // Kill first: closing stdin would make psql commit what it has.
            p.destroyForcibly();
            waitFor(p);
            closeQuietly(stdin);
            throw e;
        }
        try {
            stdin.close();
        } catch (IOException e) {
            // psql already exited (ON_ERROR_STOP); its exit status says why.
        }
        int exit = waitFor(p);
        if (exit != 0) {
            throw new IOException("psql failed with exit status " + exit + ", nothing was applied: " + tail(stderr)
                    + " (a SQLSTATE, see PostgreSQL's error codes; the server's message is left out, it can quote"
                    + " rows)");
        }
    }

    /** @param readOutput false to discard what psql prints (a dump's SELECTs print rows nobody reads) */
    private Process start(List<String> args, boolean readOutput) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(psql, "-X", "-q"));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (!readOutput) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        db.applyTo(pb.environment());
        return pb.start();
    }

    private static int waitFor(Process p) throws IOException {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for psql", e);
        }
    }

    private static String tail(StderrTail stderr) throws IOException {
        try {
            return stderr.text();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // psql is already gone.
        }
    }
}
