package dev.pistack.loomio.agent.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream defined by its bulk {@code read(byte[], int, int)}: the single-byte {@code read()} goes through
 * it, so a stream that checks or transforms what passes has one code path to get right.
 */
public abstract class BulkInputStream extends InputStream {
    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
