package dev.pistack.loomio.agent.crypto;

import dev.pistack.loomio.agent.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;

/**
 * Decodes base64url text as a stream, in whole 4-character groups through the JDK decoder. White space is skipped
 * (a token file may end with a newline). Tokens written by Fernet implementations are always padded, so text that
 * ends mid-group was cut short: that is reported as {@link FernetException.Reason#TRUNCATED}.
 */
final class Base64UrlInputStream extends BulkInputStream {
    private final InputStream text;
    private final Base64.Decoder decoder = Base64.getUrlDecoder();
    private final byte[] chars = new byte[64 * 1024];
    private final byte[] pending = new byte[4];
    private int pendingLen;
    private byte[] decoded = new byte[0];
    private int decodedPos;
    private boolean eof;

    Base64UrlInputStream(InputStream text) {
        this.text = text;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (decodedPos == decoded.length) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, decoded.length - decodedPos);
        System.arraycopy(decoded, decodedPos, b, off, n);
        decodedPos += n;
        return n;
    }

    private void fill() throws IOException {
        int n = text.read(chars, pendingLen, chars.length - pendingLen);
        if (n == -1) {
            eof = true;
            decoded = new byte[0];
            decodedPos = 0;
            if (pendingLen != 0) {
                throw new FernetException(FernetException.Reason.TRUNCATED,
                        "the token ends in the middle of a base64 group: the file was cut short");
            }
            return;
        }
        System.arraycopy(pending, 0, chars, 0, pendingLen);
        int len = compact(pendingLen, pendingLen + n);
        int whole = len - len % 4;
        pendingLen = len - whole;
        System.arraycopy(chars, whole, pending, 0, pendingLen);
        try {
            decoded = decoder.decode(java.nio.ByteBuffer.wrap(chars, 0, whole)).array();
        } catch (IllegalArgumentException e) {
            throw new FernetException(FernetException.Reason.NOT_FERNET,
                    "not a Fernet token: the text is not base64url");
        }
        decodedPos = 0;
    }

    /** Drops white space from chars[from, to) in place and returns the new end of the buffer. */
    private int compact(int from, int to) {
        int w = from;
        for (int r = from; r < to; r++) {
            byte c = chars[r];
            if (c != '\n' && c != '\r' && c != ' ' && c != '\t') {
                chars[w++] = c;
            }
        }
        return w;
    }

    @Override
    public void close() throws IOException {
        text.close();
    }
}
