package dev.pistack.loomio.agent.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DumpTrailerTest {
    private static final String BODY = "--\n-- PostgreSQL database dump\n--\n"
            + "INSERT INTO t VALUES (1);\n".repeat(500);
    private static final String END = "\n--\n-- PostgreSQL database dump complete\n--\n\n";

    @Test
    void completeDump() {
        assertThat(feed(BODY + END, 7)).isTrue();
    }

    @Test
    void completeDumpOfNewerPgDumpWithUnrestrict() {
        assertThat(feed(BODY + END + "\\unrestrict a1b2c3d4e5\n\n", 13)).isTrue();
    }

    @Test
    void dumpCutShortAnywhereIsIncomplete() {
        String whole = BODY + END;
        for (int cut = 0; cut < whole.length() - 5; cut += 97) {
            assertThat(feed(whole.substring(0, cut), 11)).as("cut at %d", cut).isFalse();
        }
    }

    @Test
    void theTrailerMustBeAtTheEnd() {
        assertThat(feed(BODY + END + "INSERT INTO t VALUES (2);\n", 5)).isFalse();
    }

    private static boolean feed(String dump, long seed) {
        byte[] bytes = dump.getBytes(StandardCharsets.UTF_8);
        DumpTrailer t = new DumpTrailer();
        Random random = new Random(seed);
        for (int off = 0; off < bytes.length;) {
            int n = Math.min(bytes.length - off, 1 + random.nextInt(1500));
            t.update(bytes, off, n);
            off += n;
        }
        assertThat(t.bytes()).isEqualTo(bytes.length);
        return t.complete();
    }
}
