package dev.pistack.loomio.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import java.util.Optional;

/**
 * One progress line of a backup or a restore: the agent prints one every few seconds on its output, as does
 * restore-apply.sh while psql applies the dump, one JSON object per line whose first key is {@code progress}:
 * <pre>{"progress":"download","backup":"loomio-hourly-20261207T100000Z.sql.gz.enc","source":"drive",
 * "doneBytes":325058560,"totalBytes":1288490188,"bytesPerSecond":14680064}</pre>
 * The container's log is the file the operator reads (the kubelet's log API, {@code pods/log}): the newest line of a
 * running restore container becomes the DatabaseReady message, that of a backup Job's pod the LoomioBackup's
 * status.bytesWritten.
 *
 * @param progress the phase: {@value #DOWNLOAD} (a remote backup copied, still encrypted), {@value #VERIFY} (its
 *     HMAC checked end to end), {@value #DECRYPT} (decrypted into the dump the apply container reads), {@value
 *     #APPLY} (psql applies it; bytes of the compressed dump read), {@value #DUMP} (a backup: bytes of encrypted
 *     backup written)
 * @param backup the backup's file name
 * @param source where it is read from (local, drive, s3; postgres for a backup)
 * @param doneBytes bytes done in this phase
 * @param totalBytes bytes the phase will take, or null when not known in advance (a dump)
 * @param bytesPerSecond the rate over the phase so far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressReport(String progress, String backup, String source, long doneBytes, Long totalBytes,
        long bytesPerSecond) {
    /** Phase: a remote backup is copied, still encrypted, into the pod. */
    public static final String DOWNLOAD = "download";
    /** Phase: the copy's authenticity is checked end to end before anything is decrypted. */
    public static final String VERIFY = "verify";
    /** Phase: the verified backup is decrypted into the dump the apply container reads. */
    public static final String DECRYPT = "decrypt";
    /** Phase: psql applies the dump (restore-apply.sh). */
    public static final String APPLY = "apply";
    /** Phase: a backup is dumped, compressed and encrypted. */
    public static final String DUMP = "dump";

    private static final String MARK = "{\"progress\":";

    /** @return the line to print: JSON on one line, {@code progress} first */
    public String line() {
        return Summaries.line(this);
    }

    /**
     * @param log a container's log, or its tail; may be null
     * @return its newest progress line, if any (lines that are not progress lines, or not JSON, are passed over)
     */
    public static Optional<ProgressReport> newest(String log) {
        return Summaries.newest(log, MARK, ProgressReport.class);
    }

    /** @return e.g. {@code downloading loomio-hourly-… from drive: 310.0 MiB of 1.2 GiB, 14.0 MiB/s} */
    public String describe() {
        String verb = switch (progress == null ? "" : progress) {
            case DOWNLOAD -> "downloading";
            case VERIFY -> "verifying";
            case DECRYPT -> "decrypting";
            case APPLY -> "applying";
            case DUMP -> "dumping";
            default -> progress;
        };
        return verb + " " + (backup == null ? "the dump" : backup) + (source == null ? "" : " from " + source) + ": "
                + bytes(doneBytes)
                + (totalBytes == null ? "" : " of " + bytes(totalBytes)) + ", " + bytes(bytesPerSecond) + "/s";
    }

    /** @return bytes in binary units with one decimal: 512 B, 310.0 MiB, 1.2 GiB */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
