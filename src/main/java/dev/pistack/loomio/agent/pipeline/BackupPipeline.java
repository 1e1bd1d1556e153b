package dev.pistack.loomio.agent.pipeline;

import com.google.common.io.CountingOutputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.dump.CopyRowCounts;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.dump.DumpTrailer;
import dev.pistack.loomio.agent.io.ProgressReporter;
import dev.pistack.loomio.agent.retention.Retention;
import dev.pistack.loomio.agent.retention.RetentionPolicy;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.agent.uploads.UploadsBackup;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.ProgressReport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Takes one backup: origin line and SQL dump → gzip → Fernet (streamed) → a staged file → every target (with the
 * credentials' copy and the uploads when asked) → retention.
 *
 * <p>Memory stays constant whatever the dump's size. The backup reaches a target only after the dump proved
 * complete (pg_dump's exit status and its trailer); a failure before that deletes the staged file and touches no
 * target. Retention runs per target, right after that target stored the new backup, and never deletes it.
 */
public final class BackupPipeline {
    private static final int BUFFER = 128 * 1024;
    /** Partial files younger than this may belong to a backup still running. */
    private static final Duration STALE_PARTIAL = Duration.ofHours(6);

    private final FernetKey key;
    private final List<BackupTarget> targets;
    private final Path stagingDir;
    private final RetentionPolicy retention;
    private final Clock clock;
    private final BackupOrigin origin;
    private final SecureRandom random = new SecureRandom();
    private byte[] credentials;
    private UploadsBackup uploads;
    private ProgressReporter progress;
    private String changeToken;

    /**
     * @param targets where to store, in order (local targets first is fastest: the staged file is renamed in place)
     * @param stagingDir where the encrypted file is staged when no target is local; in a pod, a memory-backed volume
     * @param retention applied after each successful store, or null for none
     * @param origin the instance the backup is of, written as the dump's first line ({@link BackupOrigin}), or null
     *     for none
     */
    public BackupPipeline(FernetKey key, List<BackupTarget> targets, Path stagingDir, RetentionPolicy retention,
            Clock clock, BackupOrigin origin) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no backup target: give a local directory, Google Drive, or both");
        }
        this.key = key;
        this.targets = targets;
        this.stagingDir = stagingDir;
        this.retention = retention;
        this.clock = clock;
        this.origin = origin;
    }

    /**
     * Also keeps this copy of the credentials Secret beside the backup on every target that stores the run: a target
     * that stores the backup but not the copy counts as failed (the run is not an off-site copy of everything).
     *
     * @param sealed {@link dev.pistack.loomio.agent.credentials.SealedCredentials#seal}'s output, or null for none
     * @return this pipeline
     */
    public BackupPipeline withCredentials(byte[] sealed) {
        this.credentials = sealed;
        return this;
    }

    /**
     * Reports the dump's progress (bytes of encrypted backup written, {@link ProgressReport#DUMP}) through the
     * reporter.
     *
     * @return this pipeline
     */
    public BackupPipeline withProgress(ProgressReporter reporter) {
        this.progress = reporter;
        return this;
    }

    /**
     * Also backs up the uploads volume with each run, after the dump ({@link UploadsBackup}): a target that stores
     * the backup but not its uploads counts as failed.
     *
     * @param uploads the volume's backup, or null for none
     * @return this pipeline
     */
    public BackupPipeline withUploads(UploadsBackup uploads) {
        this.uploads = uploads;
        return this;
    }

    /**
     * @return what besides the data makes a stored backup differ, for {@link dev.pistack.loomio.agent.dump.ChangeToken}:
     *     the key's fingerprint and each target's address, in order
     */
    public List<String> scope() {
        List<String> scope = new ArrayList<>();
        scope.add("key " + key.fingerprint());
        targets.forEach(t -> scope.add("target " + t.address()));
        return scope;
    }

    /**
     * Puts the database's change token, read before the dump, into the run's summary: the operator hands it to the
     * next scheduled run, which skips when the database still has it.
     *
     * @param token {@link dev.pistack.loomio.agent.dump.ChangeToken#read}'s, or null when there is none
     * @return this pipeline
     */
    public BackupPipeline withChangeToken(String token) {
        this.changeToken = token;
        return this;
    }

    /** @param kind hourly (scheduled), manual or final */
    public BackupSummary run(DumpSource source, String kind) throws IOException {
        Instant start = clock.instant();
        BackupName name = BackupName.create(kind, start);
        // One listing of every target serves both checks before the run; a target that cannot be listed is left
        // to fail (or not) when the backup is stored there.
        List<List<StoredBackup>> stored = new ArrayList<>();
        for (BackupTarget target : targets) {
            try {
                stored.add(target.list());
            } catch (IOException | RuntimeException e) {
                stored.add(List.of());
            }
        }
        String clockBehind = clockBehind(name, stored);
        if (clockBehind != null) {
            source.close();
            return new BackupSummary("backup", BackupOutcome.FAILED, name.fileName(), List.of(), 0, 0, seconds(start),
                    false, null, key.fingerprint(), clockBehind, changeToken);
        }
        LocalTarget local = targets.stream().filter(t -> t instanceof LocalTarget).map(t -> (LocalTarget) t)
                .findFirst().orElse(null);
        String localFull = null;
        if (local != null) {
            local.deleteStalePartials(STALE_PARTIAL, start);
            localFull = localFull(local, stored);
        }
        Path staged = local != null && localFull == null
                ? local.newPartial(name)
                : Files.createDirectories(stagingDir).resolve("." + name.fileName() + ".partial-" + UUID.randomUUID());
        DumpTrailer trailer = new DumpTrailer();
        CopyRowCounts rows = new CopyRowCounts();
        long bytesOut;
        try (source) {
            bytesOut = encrypt(source, name, staged, trailer, rows);
            if (progress != null) {
                progress.idle();
            }
            source.finish();
            if (!trailer.complete()) {
                throw new IOException("incomplete dump from " + source.describe()
                        + ": no '-- PostgreSQL database dump complete' trailer");
            }
            LocalTarget.fsync(staged);
        } catch (IOException | RuntimeException e) {
            if (progress != null) {
                progress.idle();
            }
            Files.deleteIfExists(staged);
            return new BackupSummary("backup", BackupOutcome.FAILED, name.fileName(), List.of(), trailer.bytes(), 0,
                    seconds(start), trailer.complete(), null, key.fingerprint(), e.getMessage(), changeToken);
        }

        // Each target prunes its own copies right after it stored the run, keeping the run itself: a target that
        // failed stores nothing and deletes nothing, and does not hold back the others' retention (a Drive outage
        // must not fill the local volume, which the next run's staging needs).
        List<BackupSummary.TargetResult> results = new ArrayList<>();
        boolean allOk = true;
        // After the dump: the uploads of a backup are those present when it was taken, or newer.
        String uploadsError = null;
        if (uploads != null) {
            try {
                uploads.snapshot(targets);
            } catch (IOException | RuntimeException e) {
                uploadsError = "the uploads volume cannot be read: " + e.getMessage();
            }
        }
        LocalTarget uploadsStoredLocally = null;
        Path upload = staged;
        try {
            for (BackupTarget target : targets) {
                StoredBackup s;
                try {
                    s = target.store(upload, name);
                } catch (IOException | RuntimeException e) {
                    allOk = false;
                    String error = target == local && localFull != null
                            ? localFull + " (" + e.getMessage() + ")"
                            : e.getMessage();
                    results.add(BackupSummary.TargetResult.failed(target.kind(), inventory(target), error));
                    continue;
                }
                if (target == local) {
                    upload = Path.of(s.location());
                }
                if (credentials != null) {
                    try {
                        target.storeCredentials(credentials);
                    } catch (IOException | RuntimeException e) {
                        allOk = false;
                        results.add(new BackupSummary.TargetResult(target.kind(), BackupOutcome.FAILED,
                                s.location(), null, null, inventory(target), "the backup is stored, the copy of"
                                        + " the credentials Secret is not: " + e.getMessage()));
                        continue;
                    }
                }
                BackupSummary.Uploads storedUploads = null;
                if (uploads != null) {
                    try {
                        if (uploadsError != null) {
                            throw new IOException(uploadsError);
                        }
                        storedUploads = uploads.store(target, name, uploadsStoredLocally);
                        if (target == local) {
                            uploadsStoredLocally = local;
                        }
                    } catch (IOException | RuntimeException e) {
                        allOk = false;
                        results.add(new BackupSummary.TargetResult(target.kind(), BackupOutcome.FAILED,
                                s.location(), null, null, inventory(target), "the backup is stored, its uploads are"
                                        + " not: " + e.getMessage()));
                        continue;
                    }
                }
                List<String> pruned = null;
                String error = null;
                Integer removedBlobs = null;
                try {
                    pruned = prune(target, name);
                    if (uploads != null && retention != null) {
                        removedBlobs = uploads.prune(target, name);
                    }
                } catch (IOException | RuntimeException e) {
                    // The backup is stored; only retention failed, and it deletes nothing when it fails early.
                    error = "retention failed: " + e.getMessage();
                }
                BackupSummary.TargetResult result = BackupSummary.TargetResult.stored(target.kind(), s.location(),
                        pruned, inventory(target), error);
                results.add(storedUploads == null
                        ? result
                        : result.withUploads(new BackupSummary.Uploads(
                                storedUploads.files(), storedUploads.bytes(), storedUploads.sentFiles(),
                                storedUploads.sentBytes(), removedBlobs)));
            }
        } finally {
            Files.deleteIfExists(staged);
        }
        return new BackupSummary("backup", allOk ? BackupOutcome.OK : BackupOutcome.FAILED, name.fileName(), results,
                trailer.bytes(),
                bytesOut, seconds(start), true, rows.loomioTables(), key.fingerprint(),
                allOk ? null : "not every target stored the backup", changeToken);
    }

    /**
     * The free-space check before a run: the newest stored backup's size (on any target that could be listed) is
     * the estimate of this one, with a tenth and 1 MiB to spare. When the local volume has less, the run is staged in the staging
     * directory (RAM in the pod) instead, so the off-site targets still get it; the local store is still tried.
     *
     * @return why the local volume cannot stage this run, with the fix; null when it can or cannot tell
     */
    private static String localFull(LocalTarget local, List<List<StoredBackup>> stored) {
        long estimate = stored.stream().flatMap(List::stream)
                .max(Comparator.comparing((StoredBackup b) -> b.name().time()))
                .map(StoredBackup::sizeBytes).orElse(0L);
        long need = estimate + estimate / 10 + 1024 * 1024;
        try {
            OptionalLong free = local.freeBytes();
            if (free.isPresent() && free.getAsLong() < need) {
                return "the local volume is full: " + free.getAsLong() + " bytes free, the last backup took "
                        + estimate + "; the run was staged in RAM for the other targets. Free space on the volume"
                        + " (fewer backups kept: spec.backup.retention) or give it more (spec.backup.local.size;"
                        + " k3s' local-path does not enforce sizes, so on a Pi the SD card itself is full)";
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /**
     * A backup named before the newest one already stored would be taken for older data by every restore: refused.
     * A Raspberry Pi has no real-time clock and boots with a stale time until NTP catches up.
     *
     * @param stored what each target holds, in the order of {@link #targets}
     * @return why the clock cannot be trusted, or null when no stored backup is newer than this one
     */
    private String clockBehind(BackupName name, List<List<StoredBackup>> stored) {
        for (int i = 0; i < targets.size(); i++) {
            BackupTarget target = targets.get(i);
            for (StoredBackup b : stored.get(i)) {
                if (b.name().time().isAfter(name.time())) {
                    return "the clock reads " + name.time() + " but " + target.kind() + " already holds "
                            + b.name().fileName() + ", taken later: the clock is behind (a Raspberry Pi without a"
                            + " real-time clock runs on a stale time until NTP synchronizes). Not storing a backup"
                            + " that would sort before it; retry once the clock is right (timedatectl status)";
                }
            }
        }
        return null;
    }

    private long encrypt(DumpSource source, BackupName name, Path staged, DumpTrailer trailer, CopyRowCounts rows)
            throws IOException {
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        CountingOutputStream file = new CountingOutputStream(new BufferedOutputStream(
                Files.newOutputStream(LocalTarget.createOwnerOnly(staged)), BUFFER));
        if (progress != null) {
            progress.phase(ProgressReport.DUMP, name.fileName(), "postgres", null, file::getCount);
        }
        try (OutputStream gzip = new GZIPOutputStream(new FernetOutputStream(file, key, name.time(), iv), BUFFER)) {
            if (origin != null) {
                gzip.write(origin.headerLine());
            }
            InputStream in = source.stream();
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf)) != -1) {
                trailer.update(buf, 0, n);
                rows.update(buf, 0, n);
                gzip.write(buf, 0, n);
            }
        }
        return file.getCount();
    }

    /** @return what the target holds now, or null when it cannot be listed (the run's outcome does not hang on it) */
    private static BackupSummary.Inventory inventory(BackupTarget target) {
        try {
            List<StoredBackup> backups = target.list();
            OptionalLong free = target.freeBytes();
            return new BackupSummary.Inventory(backups.isEmpty() ? null : backups.get(0).name().fileName(),
                    backups.size(), backups.stream().mapToLong(StoredBackup::sizeBytes).sum(),
                    free.isPresent() ? free.getAsLong() : null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private List<String> prune(BackupTarget target, BackupName newest) throws IOException {
        if (retention == null) {
            return null;
        }
        List<String> pruned = new ArrayList<>();
        for (StoredBackup b : Retention.toDelete(target.listOwn(), retention, newest)) {
            target.delete(b);
            pruned.add(b.name().fileName());
        }
        return pruned;
    }

    private double seconds(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }
}
