package dev.pistack.loomio.agent.dump;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells whether a plain-format pg_dump is complete: pg_dump writes {@code -- PostgreSQL database dump complete}
 * (followed by a {@code --} line) only after the last object, so a dump cut short lacks it. Since PostgreSQL
 * 15.14/16.10/17.6 an "unrestrict" meta-command line (backslash, unrestrict, a key) may follow; it is allowed. Fed
 * the dump's bytes in order, it keeps only the last {@value #KEEP} bytes, so memory is constant.
 */
public final class DumpTrailer {
    static final int KEEP = 512;
    private static final String COMPLETE = "-- PostgreSQL database dump complete";

    private final byte[] tail = new byte[KEEP];
    private int tailLen;
    private long bytes;

    /** Records the next bytes of the dump. */
    public void update(byte[] b, int off, int len) {
        bytes += len;
        if (len >= KEEP) {
            System.arraycopy(b, off + len - KEEP, tail, 0, KEEP);
            tailLen = KEEP;
            return;
        }
        int keep = Math.min(tailLen, KEEP - len);
        System.arraycopy(tail, tailLen - keep, tail, 0, keep);
        System.arraycopy(b, off, tail, keep, len);
        tailLen = keep + len;
    }

    /** @return the number of bytes seen */
    public long bytes() {
        return bytes;
    }

    /** @return true when what was seen ends like a complete plain-format pg_dump */
    public boolean complete() {
        String text = new String(Arrays.copyOf(tail, tailLen), StandardCharsets.UTF_8).replace("\r", "");
        String[] lines = text.strip().split("\n");
        int last = lines.length - 1;
        if (last >= 0 && lines[last].startsWith("\\unrestrict ")) {
            last--;
            while (last >= 0 && lines[last].isBlank()) {
                last--;
            }
        }
        return last >= 1 && lines[last].strip().equals("--") && lines[last - 1].strip().equals(COMPLETE);
    }
}
