package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.agent.crypto.FernetException;
import dev.pistack.loomio.agent.crypto.FernetInputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.dump.DumpTrailer;
import dev.pistack.loomio.agent.io.BulkInputStream;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.contract.RejectionReason;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
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
     * @param origin the instance the dump's first line names, or null when it names none
     */
    public record Verified(long sqlBytes, boolean gzip, Instant createdAt, BackupOrigin origin) {
    }

    /** The agent writes the name's time into the token (whole seconds): they must agree. */
    static final Duration AGENT_TOLERANCE = Duration.ofSeconds(2);
    /**
     * The seed system (plain SQL inside) names a file before it dumps and encrypts it, and its names may be in the
     * host's time zone: a wide window, which still refuses a backup renamed by days.
     */
    static final Duration SEED_TOLERANCE = Duration.ofHours(72);

    private BackupReader() {
    }

    /**
     * Refuses a backup whose authenticated time is not the time its name says, so a file renamed to look newer (by
     * someone with write access to a target but without the key) never wins a restore's newest-first order. The
     * tolerance follows the content, not the name: gzip inside (this agent's backups) 2 s, plain SQL (the seed system's) 72 hours, so renaming an agent backup into the seed system's pattern gains
     * nothing.
     *
     * @param name the time in the file's name
     * @param verified what {@link #verify} read, its authenticated time included
     * @throws BackupRejected with {@link RejectionReason#NAME_TIME_MISMATCH} when they differ by more
     */
    public static void requireNamedTime(Instant name, Verified verified) throws BackupRejected {
        Duration tolerance = verified.gzip() ? AGENT_TOLERANCE : SEED_TOLERANCE;
        Duration apart = Duration.between(name, verified.createdAt()).abs();
        if (apart.compareTo(tolerance) > 0) {
            throw new BackupRejected(RejectionReason.NAME_TIME_MISMATCH, "its name says " + name
                    + " but it was written at " + verified.createdAt() + " (authenticated): renamed or copied from"
                    + " elsewhere, so it is not the backup its name claims");
        }
    }

    /**
     * Refuses a backup taken from another instance: one copied into this instance's folder (same key, another
     * instance) would otherwise restore another group's data here. A backup that names no origin (the seed system's,
     * or this agent's before it wrote one) is accepted: its folder is all that says whose it is.
     *
     * @param expected the instance whose backups are wanted (namespace and name; the uid is not compared, see
     *     {@link BackupOrigin}), or null to accept any
     * @throws BackupRejected with {@link RejectionReason#OTHER_INSTANCE} when the backup names another instance
     */
    public static void requireOrigin(BackupOrigin expected, Verified verified) throws BackupRejected {
        BackupOrigin origin = verified.origin();
        if (expected == null || origin == null || origin.instance().equals(expected.instance())) {
            return;
        }
        throw new BackupRejected(RejectionReason.OTHER_INSTANCE, "it was taken from LoomioInstance " + origin
                + ", not from " + expected.instance() + ": copied from another instance's backups. To restore it on"
                + " purpose (a clone, or an instance under a new name), ask for it: " + AgentCli.FROM_INSTANCE + " "
                + origin.instance());
    }

    /**
     * @param token the backup's bytes; read to the end and closed
     * @throws BackupRejected when the backup is not authentic or not complete
     * @throws IOException when reading fails
     */
    public static Verified verify(InputStream token, FernetKey key) throws IOException {
        try (InputStream in = token) {
            FernetInputStream fernet = open(in, key);
            Sql sql = sql(fernet);
            sql.stream.transferTo(OutputStream.nullOutputStream());
            return new Verified(sql.trailer.bytes(), sql.gzip, fernet.timestamp(), sql.stream.origin());
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

    private record Sql(CheckedSql stream, DumpTrailer trailer, boolean gzip) {
    }

    private static Sql sql(FernetInputStream fernet) throws IOException {
        BufferedInputStream peek = new BufferedInputStream(fernet, BUFFER);
        InputStream sql;
        boolean gzip;
        try {
            peek.mark(2);
            gzip = peek.read() == 0x1f && peek.read() == 0x8b;
            peek.reset();
            sql = gzip ? new GZIPInputStream(peek, BUFFER) : peek;
        } catch (FernetException e) {
            throw rejected(e);
        } catch (ZipException | EOFException e) {
            throw authenticityFirst(fernet, corruptCompression());
        }
        DumpTrailer trailer = new DumpTrailer();
        return new Sql(new CheckedSql(sql, fernet, trailer), trailer, gzip);
    }

    /**
     * Altered ciphertext decrypts to garbage, which the gzip or SQL checks may refuse before the HMAC at the end is
     * reached. Reads the token to its end so the reason reported is the true one: not authentic, if it is not.
     */
    private static BackupRejected authenticityFirst(FernetInputStream fernet, BackupRejected inner) throws IOException {
        try {
            fernet.transferTo(OutputStream.nullOutputStream());
            return inner;
        } catch (FernetException e) {
            return rejected(e);
        }
    }

    private static BackupRejected corruptCompression() {
        return new BackupRejected(RejectionReason.CORRUPT_COMPRESSION,
                "the gzip inside the backup is broken or cut short");
    }

    static BackupRejected rejected(FernetException e) {
        RejectionReason reason = switch (e.reason()) {
            case NOT_FERNET -> RejectionReason.NOT_A_BACKUP;
            case TRUNCATED -> RejectionReason.TRUNCATED;
            case AUTHENTICATION_FAILED -> RejectionReason.WRONG_KEY_OR_CORRUPT;
        };
        return new BackupRejected(reason, e.getMessage());
    }

    /**
     * The SQL as it comes out of the token, checked. Every failure becomes a {@link BackupRejected} whose reason is
     * the true one (authenticity before gzip or trailer). At the end of the SQL the token is read to its own end, so
     * its HMAC is checked whatever the layers above stopped reading at, and only then the dump's trailer.
     */
    private static final class CheckedSql extends BulkInputStream {
        private final InputStream sql;
        private final FernetInputStream token;
        private final DumpTrailer trailer;
        private final byte[] head = new byte[BackupOrigin.MAX_LINE];
        private int headLength;

        CheckedSql(InputStream sql, FernetInputStream token, DumpTrailer trailer) {
            this.sql = sql;
            this.token = token;
            this.trailer = trailer;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = sql.read(b, off, len);
                if (n == -1) {
                    token.transferTo(OutputStream.nullOutputStream());
                }
            } catch (FernetException e) {
                throw rejected(e);
            } catch (ZipException | EOFException e) {
                throw authenticityFirst(token, corruptCompression());
            }
            if (n > 0) {
                trailer.update(b, off, n);
                int keep = Math.min(n, head.length - headLength);
                System.arraycopy(b, off, head, headLength, keep);
                headLength += keep;
            } else if (n == -1 && !trailer.complete()) {
                throw new BackupRejected(RejectionReason.INCOMPLETE_DUMP,
                        "the SQL dump lacks pg_dump's '-- PostgreSQL database dump complete' trailer");
            }
            return n;
        }

        /** @return the origin the dump's first line names, or null */
        BackupOrigin origin() {
            return BackupOrigin.fromHead(head, headLength);
        }

        @Override
        public void close() throws IOException {
            sql.close();
        }
    }
}
