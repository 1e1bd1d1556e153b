package dev.pistack.loomio.agent.dump;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Counts the rows of every table in a plain-format pg_dump as it streams past: pg_dump writes each table's data as
 * {@code COPY <schema>.<table> (<columns>) FROM stdin;}, one line per row (COPY's text format escapes newlines inside
 * values as {@code \n}), and a line {@code \.} after the last row (PostgreSQL docs, "COPY", text format). These
 * counts are what the backup holds, so a restore can be checked against them table by table.
 *
 * <p>Fed the dump's bytes in order, it keeps only the first {@value #PREFIX} bytes of the current line and its last
 * bytes, so memory is constant whatever the size of the dump. Not thread-safe.
 */
public final class CopyRowCounts {
    /** Loomio's core tables, reported by name in summaries and status (the dump has about a hundred tables). */
    public static final List<String> LOOMIO_TABLES = List.of("users", "groups", "discussions", "comments", "polls",
            "stances", "events");
    private static final int PREFIX = 512;
    private static final byte[] COPY = "COPY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_STDIN = " FROM stdin;".getBytes(StandardCharsets.US_ASCII);
    private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
    /** A table as pg_dump names it: schema-qualified, each part quoted only when it must be. */
    private static final Pattern TABLE = Pattern.compile("^COPY (" + IDENTIFIER + "\\." + IDENTIFIER + ")[ (]");

    private final byte[] prefix = new byte[PREFIX];
    private final byte[] last = new byte[FROM_STDIN.length];
    private int prefixLen;
    private long lineLen;
    private String table;
    private long rows;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** Records the next bytes of the dump. */
    public void update(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '\n') {
                endOfLine();
                continue;
            }
            if (prefixLen < PREFIX) {
                prefix[prefixLen++] = c;
            }
            last[(int) (lineLen % last.length)] = c;
            lineLen++;
        }
    }

    private void endOfLine() {
        if (table != null) {
            if (lineLen == 2 && prefix[0] == '\\' && prefix[1] == '.') {
                counts.put(table, rows);
                table = null;
            } else {
                rows++;
            }
        } else if (startsWith(COPY) && endsWith(FROM_STDIN)) {
            var m = TABLE.matcher(new String(prefix, 0, prefixLen, StandardCharsets.UTF_8));
            if (m.find()) {
                table = m.group(1);
                rows = 0;
            }
        }
        prefixLen = 0;
        lineLen = 0;
    }

    private boolean startsWith(byte[] start) {
        if (prefixLen < start.length) {
            return false;
        }
        for (int i = 0; i < start.length; i++) {
            if (prefix[i] != start[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean endsWith(byte[] end) {
        if (lineLen < end.length) {
            return false;
        }
        for (int i = 0; i < end.length; i++) {
            if (last[(int) ((lineLen - end.length + i) % last.length)] != end[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * @return rows per table of every COPY block that ended with {@code \.}, in dump order; tables are named as the
     *     dump names them ({@code public.users}, {@code public."order"}), which is valid SQL
     */
    public Map<String, Long> tables() {
        return Collections.unmodifiableMap(counts);
    }

    /** @return the total number of rows in all tables */
    public long totalRows() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return rows of the {@link #LOOMIO_TABLES} the dump holds in schema public, by bare name, in that order */
    public Map<String, Long> loomioTables() {
        return loomioTables(counts);
    }

    /**
     * @param counts rows per schema-qualified table
     * @return the rows of the {@link #LOOMIO_TABLES} among them (schema public), by bare name, in that order
     */
    public static Map<String, Long> loomioTables(Map<String, Long> counts) {
        Map<String, Long> core = new LinkedHashMap<>();
        for (String t : LOOMIO_TABLES) {
            Long n = counts.get("public." + t);
            if (n == null) {
                n = counts.get("public.\"" + t + "\"");
            }
            if (n != null) {
                core.put(t, n);
            }
        }
        return core;
    }
}
