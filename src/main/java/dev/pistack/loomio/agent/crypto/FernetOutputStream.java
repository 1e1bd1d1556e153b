package dev.pistack.loomio.agent.crypto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Writes one Fernet token as a stream (Fernet spec): base64url( 0x80 ‖ timestamp (8 bytes, big-endian Unix seconds)
 * ‖ IV (16 bytes) ‖ AES-128-CBC/PKCS7 ciphertext ‖ HMAC-SHA256 of everything before it ). Memory stays constant:
 * ciphertext is encoded as it is produced and the HMAC, which comes last, is written by {@link #close()}.
 * The token is complete and valid only after {@code close()}; closing also closes the sink.
 */
public final class FernetOutputStream extends OutputStream {
    static final byte VERSION = (byte) 0x80;

    private final OutputStream base64;
    private final Cipher cipher;
    private final Mac mac;
    private byte[] buffer = new byte[64 * 1024 + 16];
    private boolean closed;

    /**
     * @param sink receives the token's base64url text
     * @param timestamp the token's creation time (whole seconds are kept)
     * @param iv 16 random bytes, fresh for every token
     * @throws IOException when the sink fails
     */
    public FernetOutputStream(OutputStream sink, FernetKey key, Instant timestamp, byte[] iv) throws IOException {
        if (iv.length != 16) {
            throw new IllegalArgumentException("a Fernet IV has 16 bytes");
        }
        cipher = key.cipher(Cipher.ENCRYPT_MODE, iv);
        mac = key.mac();
        base64 = Base64.getUrlEncoder().wrap(sink);
        byte[] header = ByteBuffer.allocate(25).put(VERSION).putLong(timestamp.getEpochSecond()).put(iv).array();
        emit(header, header.length);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        int need = cipher.getOutputSize(len);
        if (buffer.length < need) {
            buffer = new byte[need];
        }
        try {
            emit(buffer, cipher.update(b, off, len, buffer, 0));
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed", e);
        }
    }

    /** Pads and encrypts the last block, appends the HMAC and the base64 padding, and closes the sink. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            byte[] last = cipher.doFinal();
            emit(last, last.length);
            byte[] tag = mac.doFinal();
            base64.write(tag);
        } catch (GeneralSecurityException e) {
            throw new IOException("encryption failed", e);
        } finally {
            base64.close();
        }
    }

    private void emit(byte[] bytes, int len) throws IOException {
        mac.update(bytes, 0, len);
        base64.write(bytes, 0, len);
    }
}
