package dev.pistack.loomio.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyRowCountsTest {
    private static final String COLUMNS = "id, " + "a_rather_long_column_name_, ".repeat(40) + "created_at";
    private static final String DUMP = """
            --
            -- PostgreSQL database dump
            --
            CREATE FUNCTION public.f() RETURNS void LANGUAGE sql AS $$
            COPY public.users (id) FROM stdin
            $$;
            COPY public.users (%s) FROM stdin;
            1\tann\\nwith a newline\t2026-01-01
            2\tbob\t\\.
            3\t\\\\.\t2026-01-02
            \\.

            COPY public."order" (id) FROM stdin;
            \\.

            COPY public.groups (id, name) FROM stdin;
            7\tfriends
            \\.

            COPY audit."Events" (id) FROM stdin;
            1
            2
            \\.

            --
            -- PostgreSQL database dump complete
            --
            """.formatted(COLUMNS);

    @Test
    void countsTheRowsOfEveryCopyBlockWhateverTheChunks() {
        for (int chunk : new int[]{1, 2, 3, 7, 64, 511, 512, 513, 100_000}) {
            CopyRowCounts counts = feed(DUMP, chunk);
            assertThat(counts.tables()).as("chunks of %d bytes", chunk).containsExactly(
                    Map.entry("public.users", 3L), Map.entry("public.\"order\"", 0L),
                    Map.entry("public.groups", 1L), Map.entry("audit.\"Events\"", 2L));
            assertThat(counts.totalRows()).isEqualTo(6);
            assertThat(counts.loomioTables()).as("core tables by bare name, in Loomio's order")
                    .containsExactly(Map.entry("users", 3L), Map.entry("groups", 1L));
        }
    }

    @Test
    void aBlockCutShortIsNotCounted() {
        String cut = DUMP.substring(0, DUMP.indexOf("7\tfriends") + 10);
        assertThat(feed(cut, 4096).tables()).containsOnlyKeys("public.users", "public.\"order\"");
    }

    private static CopyRowCounts feed(String dump, int chunk) {
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        CopyRowCounts counts = new CopyRowCounts();
        for (int off = 0; off < bytes.length; off += chunk) {
            counts.update(bytes, off, Math.min(chunk, bytes.length - off));
        }
        return counts;
    }
}
