package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.agent.crypto.FernetException;
import dev.pistack.loomio.agent.crypto.FernetInputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.DumpTrailer;
import dev.pistack.loomio.agent.io.BulkInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads backups: Fernet token → (gzip, or plain SQL for legacy files) → SQL dump.
 *
 * <p>{@link #verify} is the first pass of a restore: it authenticates the whole token and checks the dump's trailer
 * while throwing the plaintext away. {@link #plaintext} is the second pass: the same checks again, at the end of the
 * stream, so a file that changed in between still cannot be applied in part.
 */
public final class BackupReader {
    private static final int BUFFER = 64 * 1024;

    /**
     * What a verified backup holds.
     *
     * @param sqlBytes size of the SQL dump, bytes
     * @param gzip true when the plaintext was gzip (agent backups), false for plain SQL (seed-system backups)
     * @param createdAt the time written in the token
     */
    public record Verified(long sqlBytes, boolean gzip, Instant createdAt) {
    }

    private BackupReader() {
    }

    /**
     * @param token the backup's bytes; read to the end and closed
     * @throws BackupRejected when the backup is not authentic or not complete
     * @throws IOException when reading fails
     */
    public static Verified verify(InputStream token, FernetKey key) throws IOException {
        try (InputStream in = token) {
            FernetInputStream fernet = open(in, key);
            try {
                Sql sql = sql(fernet);
                sql.stream.transferTo(OutputStream.nullOutputStream());
                return new Verified(sql.trailer.bytes(), sql.gzip, fernet.timestamp());
            } catch (BackupRejected e) {
                throw authenticityFirst(fernet, e);
            }
        }
    }

    /**
     * @return the dump's SQL; its last read throws {@link BackupRejected} instead of ending when the token is not
     *     authentic or the dump not complete, so a consumer that aborts on an exception never keeps a part
     */
    public static InputStream plaintext(InputStream token, FernetKey key) throws IOException {
        return sql(open(token, key)).stream;
    }

    private static FernetInputStream open(InputStream token, FernetKey key) throws IOException {
        try {
            return new FernetInputStream(token, key);
        } catch (FernetException e) {
            throw rejected(e);
        }
    }

    private record Sql(InputStream stream, DumpTrailer trailer, boolean gzip) {
    }

    private static Sql sql(FernetInputStream fernet) throws IOException {
        InputStream authenticated = new Translating(fernet);
        BufferedInputStream peek = new BufferedInputStream(authenticated, BUFFER);
        peek.mark(2);
        boolean gzip = peek.read() == 0x1f && peek.read() == 0x8b;
        peek.reset();
        InputStream sql = gzip ? new Translating(gzip(peek)) : peek;
        DumpTrailer trailer = new DumpTrailer();
        return new Sql(new TrailerChecked(sql, trailer), trailer, gzip);
    }

    private static InputStream gzip(InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, BUFFER);
        } catch (ZipException | EOFException e) {
            throw new BackupRejected(BackupRejected.Reason.CORRUPT_COMPRESSION, "the gzip inside the backup is broken");
        }
    }

    /**
     * Altered ciphertext decrypts to garbage, which the gzip or SQL checks may refuse before the HMAC at the end is
     * reached. Reads the token to its end so the reason reported is the true one: not authentic, if it is not.
     */
    private static BackupRejected authenticityFirst(FernetInputStream fernet, BackupRejected inner) throws IOException {
        if (inner.reason() == BackupRejected.Reason.WRONG_KEY_OR_CORRUPT || inner.reason() == BackupRejected.Reason.TRUNCATED
                || inner.reason() == BackupRejected.Reason.NOT_A_BACKUP) {
            return inner;
        }
        try {
            fernet.transferTo(OutputStream.nullOutputStream());
            return inner;
        } catch (FernetException e) {
            return rejected(e);
        }
    }

    static BackupRejected rejected(FernetException e) {
        BackupRejected.Reason reason = switch (e.reason()) {
            case NOT_FERNET -> BackupRejected.Reason.NOT_A_BACKUP;
            case TRUNCATED -> BackupRejected.Reason.TRUNCATED;
            case AUTHENTICATION_FAILED -> BackupRejected.Reason.WRONG_KEY_OR_CORRUPT;
        };
        return new BackupRejected(reason, e.getMessage());
    }

    /** Turns Fernet and gzip failures into {@link BackupRejected}. */
    private static final class Translating extends java.io.FilterInputStream {
        Translating(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (FernetException e) {
                throw rejected(e);
            } catch (ZipException | EOFException e) {
                throw new BackupRejected(BackupRejected.Reason.CORRUPT_COMPRESSION,
                        "the gzip inside the backup is broken or cut short");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Feeds a {@link DumpTrailer} and, at the end, throws unless the dump is complete. */
    private static final class TrailerChecked extends java.io.FilterInputStream {
        private final DumpTrailer trailer;

        TrailerChecked(InputStream in, DumpTrailer trailer) {
            super(in);
            this.trailer = trailer;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                trailer.update(b, off, n);
            } else if (n == -1 && !trailer.complete()) {
                throw new BackupRejected(BackupRejected.Reason.INCOMPLETE_DUMP,
                        "the SQL dump lacks pg_dump's '-- PostgreSQL database dump complete' trailer");
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
