package dev.pistack.loomio.agent.crypto;

import dev.pistack.loomio.agent.io.BulkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Reads one Fernet token (Fernet spec) as a stream of plaintext, in constant memory.
 *
 * <p>The HMAC covers the whole token and comes last, so it can only be checked at the end: {@code read} returns
 * -1 only after the HMAC matched, and throws {@link FernetException} otherwise. Plaintext handed out before that is
 * <b>unauthenticated</b>: a caller must not act on it (apply it, write it anywhere lasting) until the stream reached
 * its end without an exception. The restore pipeline therefore reads a backup twice: once to authenticate it and
 * check the dump inside, once to apply it.
 */
public final class FernetInputStream extends BulkInputStream {
    private static final int TAG = 32;

    private final Base64UrlInputStream in;
    private final Cipher cipher;
    private final Mac mac;
    private final long epochSeconds;
    private final byte[] window = new byte[64 * 1024 + TAG];
    private int windowLen;
    private byte[] out = new byte[window.length + 16];
    private int outPos;
    private int outLen;
    private long ciphertextBytes;
    private boolean done;

    /**
     * Reads and checks the token's header (version, timestamp, IV).
     *
     * @param text the token's base64url text
     * @throws FernetException when the text is not a Fernet token or ends inside its header
     */
    public FernetInputStream(InputStream text, FernetKey key) throws IOException {
        in = new Base64UrlInputStream(text);
        byte[] header = in.readNBytes(25);
        if (header.length == 0) {
            throw new FernetException(FernetException.Reason.TRUNCATED, "the backup is empty");
        }
        if (header[0] != FernetOutputStream.VERSION) {
            throw new FernetException(FernetException.Reason.NOT_FERNET,
                    "not a Fernet token: version byte is not 0x80");
        }
        if (header.length < 25) {
            throw new FernetException(FernetException.Reason.TRUNCATED, "the token ends inside its header");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        h.get();
        epochSeconds = h.getLong();
        byte[] iv = new byte[16];
        h.get(iv);
        cipher = key.cipher(Cipher.DECRYPT_MODE, iv);
        mac = key.mac();
        mac.update(header);
    }

    /** @return the creation time written in the token (unauthenticated until the stream has been read to its end) */
    public Instant timestamp() {
        return Instant.ofEpochSecond(
                Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), epochSeconds)));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (outPos == outLen) {
            if (done) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    private void fill() throws IOException {
        int n = in.read(window, windowLen, window.length - windowLen);
        if (n == -1) {
            finish();
            return;
        }
        windowLen += n;
        int ready = windowLen - TAG;
        if (ready <= 0) {
            return;
        }
        mac.update(window, 0, ready);
        ciphertextBytes += ready;
        try {
            outLen = cipher.update(window, 0, ready, out, 0);
        } catch (GeneralSecurityException e) {
            throw new IOException("decryption failed", e);
        }
        outPos = 0;
        System.arraycopy(window, ready, window, 0, TAG);
        windowLen = TAG;
    }

    private void finish() throws IOException {
        done = true;
        outPos = 0;
        outLen = 0;
        if (windowLen < TAG || ciphertextBytes == 0 || ciphertextBytes % 16 != 0) {
            throw new FernetException(FernetException.Reason.TRUNCATED,
                    "the token is shorter than its structure requires: the file was cut short");
        }
        byte[] tag = new byte[TAG];
        System.arraycopy(window, 0, tag, 0, TAG);
        if (!MessageDigest.isEqual(tag, mac.doFinal())) {
            throw new FernetException(FernetException.Reason.AUTHENTICATION_FAILED,
                    "HMAC mismatch: the backup was encrypted with another key, or its bytes were altered");
        }
        try {
            outLen = cipher.doFinal(out, 0);
        } catch (GeneralSecurityException e) {
            throw new FernetException(FernetException.Reason.NOT_FERNET, "authentic token with invalid padding");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
