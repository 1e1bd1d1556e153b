package dev.pistack.loomio.agent.pipeline;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.dump.CopyRowCounts;
import dev.pistack.loomio.agent.dump.PsqlApplier;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.contract.RestoreTestFailure;
import dev.pistack.loomio.contract.RestoreTestOutcome;
import dev.pistack.loomio.contract.RestoreTestSummary;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Proves that a backup restores: the newest backup across every target (or one chosen by name) is authenticated,
 * applied to an empty scratch database, and each table's rows are counted and compared with the rows the dump holds
 * (its COPY blocks, counted as the SQL streams past). Unlike a restore, it never falls back to an older backup: the
 * point is to learn that the newest one is bad, before a restore needs it.
 *
 * <p>The scratch database must be a server of its own (the restore-test Job's sidecar): applying a dump to the live
 * database would fail on existing tables at best.
 */
public final class RestoreTest {
    /** Without them the dump is not Loomio's: a backup of the wrong database restores "fine" and helps nobody. */
    private static final List<String> REQUIRED = List.of("users", "groups", "discussions");

    private final FernetKey key;
    private final Path stagingDir;
    private final Clock clock;
    private final BackupOrigin expected;

    /**
     * @param stagingDir where a remote backup is downloaded, still encrypted, before it is read
     * @param expected the instance whose backups may be tested, or null for any ({@link BackupReader#requireOrigin})
     */
    public RestoreTest(FernetKey key, Path stagingDir, Clock clock, BackupOrigin expected) {
        this.key = key;
        this.stagingDir = stagingDir;
        this.clock = clock;
        this.expected = expected;
    }

    /**
     * @param targets where backups are kept; for backups of the same time, the earlier target in this list is read
     * @param name the file name of the backup to test, or null for the newest
     * @param scratch the empty scratch database
     * @return the outcome; never throws for a bad backup or a failed restore, only reports them
     * @throws IOException only when a downloaded file cannot be deleted afterwards
     */
    public RestoreTestSummary run(List<BackupTarget> targets, String name, PsqlApplier scratch) throws IOException {
        Instant start = clock.instant();
        BackupTarget from = null;
        StoredBackup chosen = null;
        for (BackupTarget target : targets) {
            List<StoredBackup> listed;
            try {
                listed = target.list();
            } catch (IOException | RuntimeException e) {
                return failed(start, target.kind(), null, RestoreTestFailure.IO_ERROR.code(), null,
                        "listing backups in " + target.kind() + " failed: " + e.getMessage());
            }
            for (StoredBackup b : listed) {
                boolean matches = name == null || b.name().fileName().equals(name);
                if (matches && (chosen == null || b.name().time().isAfter(chosen.name().time()))) {
                    chosen = b;
                    from = target;
                }
            }
        }
        if (chosen == null) {
            return new RestoreTestSummary("restore-test", RestoreTestOutcome.NONE, null, name, null, null, null, null,
                    null, null, seconds(start), key.fingerprint(),
                    name == null ? "no backup to test" : "no backup named " + name);
        }
        String file = chosen.name().fileName();
        Path path = from.local() ? Path.of(chosen.location()) : null;
        try {
            if (path == null) {
                path = RestorePipeline.download(stagingDir, from, chosen, null);
            }
            BackupReader.Verified verified;
            try {
                verified = BackupReader.verify(Files.newInputStream(path), key);
                BackupReader.requireNamedTime(chosen.name().time(), verified);
                BackupReader.requireOrigin(expected, verified);
            } catch (BackupRejected e) {
                return failed(start, from.kind(), file, e.reason().code(), null, e.getMessage());
            }
            long relations = scratch.relationCount();
            if (relations > 0) {
                return failed(start, from.kind(), file, RestoreTestFailure.APPLY_FAILED.code(), verified.sqlBytes(),
                        "the scratch database already holds " + relations + " relations");
            }
            CopyRowCounts dump = new CopyRowCounts();
            try (InputStream sql = counting(BackupReader.plaintext(Files.newInputStream(path), key), dump)) {
                scratch.apply(sql);
            } catch (BackupRejected e) {
                return failed(start, from.kind(), file, e.reason().code(), verified.sqlBytes(), e.getMessage());
            } catch (IOException e) {
                return failed(start, from.kind(), file, RestoreTestFailure.APPLY_FAILED.code(), verified.sqlBytes(),
                        "applying " + file + " failed: " + e.getMessage());
            }
            return compare(start, from.kind(), file, verified.sqlBytes(), dump, scratch.rowCounts(
                    dump.tables().keySet()));
        } catch (IOException | RuntimeException e) {
            return failed(start, from.kind(), file, RestoreTestFailure.IO_ERROR.code(), null,
                    "reading " + file + " from " + from.kind() + " failed: " + e.getMessage());
        } finally {
            if (!from.local() && path != null) {
                Files.deleteIfExists(path);
            }
        }
    }

    private RestoreTestSummary compare(Instant start, String target, String file, long sqlBytes, CopyRowCounts dump,
            Map<String, Long> restored) {
        List<String> mismatches = new ArrayList<>();
        int differ = 0;
        for (Map.Entry<String, Long> t : dump.tables().entrySet()) {
            long got = restored.getOrDefault(t.getKey(), -1L);
            if (got != t.getValue()) {
                differ++;
                if (mismatches.size() < RestoreTestSummary.MAX_LISTED) {
                    mismatches.add(t.getKey() + ": dump " + t.getValue() + ", restored " + got);
                }
            }
        }
        Map<String, Long> counts = CopyRowCounts.loomioTables(restored);
        long rows = restored.values().stream().mapToLong(Long::longValue).sum();
        int tables = dump.tables().size();
        List<String> missing = REQUIRED.stream().filter(t -> !counts.containsKey(t)).toList();
        String reason = null;
        String error = null;
        if (differ > 0) {
            reason = RestoreTestFailure.ROWS_DIFFER.code();
            error = differ + " of " + tables + " tables hold other row counts than the dump";
        } else if (!missing.isEmpty()) {
            reason = RestoreTestFailure.NOT_LOOMIO.code();
            error = "the backup restored, but it is not a Loomio database: no table " + String.join(", ", missing);
        }
        return new RestoreTestSummary("restore-test", reason == null
                ? RestoreTestOutcome.PASSED
                : RestoreTestOutcome.FAILED, target, file, reason, sqlBytes, tables, rows, counts,
                mismatches.isEmpty() ? null : mismatches, seconds(start), key.fingerprint(), error);
    }

    private RestoreTestSummary failed(Instant start, String target, String file, String reason, Long sqlBytes,
            String error) {
        return new RestoreTestSummary("restore-test", RestoreTestOutcome.FAILED, target, file, reason, sqlBytes, null,
                null, null, null, seconds(start), key.fingerprint(), error);
    }

    private static InputStream counting(InputStream sql, CopyRowCounts counts) {
        return new FilterInputStream(sql) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    counts.update(b, off, n);
                }
                return n;
            }
        };
    }

    private double seconds(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }
}
