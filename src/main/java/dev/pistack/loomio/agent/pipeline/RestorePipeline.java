package dev.pistack.loomio.agent.pipeline;

import com.google.common.io.CountingInputStream;
import com.google.common.io.CountingOutputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.io.ProgressReporter;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Restores the newest authentic backup across every target. Candidates are the backups of all targets, newest first
 * by the UTC time in their names; each must be authentic, dated as its name says, and taken from this instance. A
 * backup as new in a local target as in a remote one is read locally (the fast path: no download when the local copy
 * is at least as new as anything on Drive). Each candidate is read twice:
 * first to authenticate the whole token and check the dump's trailer, with nothing reaching the database; then to
 * apply it, all or nothing.
 *
 * <p>Only a backup that proves bad (not a backup, truncated, wrong key or altered, broken compression, incomplete
 * dump, renamed, another instance's: {@link BackupRejected}) makes way for the next older candidate. Any other error
 * — a target that cannot be listed, a download or read that fails — fails the whole restore: an I/O error says
 * nothing about the backup, and restoring an older one instead would silently bring back stale data. The caller
 * retries. One exception: when a remote target cannot be listed but the others hold a backup at least as new as the
 * newest one known to exist anywhere (the operator's record, {@code newestKnown}), nothing newer can be missing:
 * the restore goes on among those, never below that time, and says so in the summary's warning.
 *
 * <p>Remote backups are first copied, still encrypted, into the staging directory (memory-backed in the pod), so
 * both passes read the same bytes and the download happens once. Plaintext is never written anywhere.
 */
public final class RestorePipeline {
    /** Where the verified SQL goes. */
    public interface Applier {
        /**
         * @param sql the dump; its last read throws instead of ending when the backup is not authentic after all, and
         *     then nothing may be kept
         * @throws IOException when applying failed; nothing may be kept then either
         */
        void apply(InputStream sql) throws IOException;
    }

    private record Candidate(BackupTarget target, StoredBackup backup) {
    }

    private static final String DOWNLOAD_PREFIX = ".restore-";

    private final FernetKey key;
    private final Path stagingDir;
    private final Clock clock;
    private final BackupOrigin expected;
    private ProgressReporter progress;

    /**
     * @param stagingDir where downloads are kept, encrypted, while they are verified and applied
     * @param expected the instance whose backups may be restored, or null for any ({@link
     *     BackupReader#requireOrigin})
     */
    public RestorePipeline(FernetKey key, Path stagingDir, Clock clock, BackupOrigin expected) {
        this.key = key;
        this.stagingDir = stagingDir;
        this.clock = clock;
        this.expected = expected;
    }

    /**
     * Reports each phase of the restore (download, verify, decrypt: {@link ProgressReport}) through the reporter.
     *
     * @return this pipeline
     */
    public RestorePipeline withProgress(ProgressReporter reporter) {
        this.progress = reporter;
        return this;
    }

    /**
     * @param targets where backups are kept; for backups of the same time, the earlier target in this list is read
     * @return what happened: {@link RestoreOutcome#RESTORED}, {@link RestoreOutcome#NONE} (no backup anywhere),
     *     {@link RestoreOutcome#NO_AUTHENTIC} (every candidate refused, each named in the attempts) or
     *     {@link RestoreOutcome#FAILED} (an I/O error or applying failed; the error names the target and the cause)
     * @throws IOException only when the staging directory cannot be cleaned up
     */
    public RestoreSummary run(List<BackupTarget> targets, Applier applier) throws IOException {
        return run(targets, applier, null);
    }

    /**
     * As {@link #run(List, Applier)}, going on without a remote target that cannot be listed when the others hold a
     * backup at least as new as newestKnown.
     *
     * @param newestKnown the newest backup known to be stored on any target, or null when none is known
     */
    public RestoreSummary run(List<BackupTarget> targets, Applier applier, BackupName newestKnown)
            throws IOException {
        return run(targets, applier, newestKnown, RestoreSelection.NEWEST);
    }

    /**
     * As {@link #run(List, Applier, BackupName)}, choosing only among the backups the selection admits. With a
     * selection, every target must be listed (newestKnown is not used: the chosen backup may be on the one that
     * cannot be), and no admitted backup at all is {@link RestoreOutcome#NOT_FOUND}, never a fresh start.
     */
    public RestoreSummary run(List<BackupTarget> targets, Applier applier, BackupName newestKnown,
            RestoreSelection selection) throws IOException {
        Instant start = clock.instant();
        if (!selection.newest()) {
            newestKnown = null;
        }
        deleteStaleDownloads();
        List<RestoreSummary.Attempt> attempts = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        String unlisted = null;
        String unlistedError = null;
        for (BackupTarget target : targets) {
            try {
                target.list().forEach(b -> candidates.add(new Candidate(target, b)));
            } catch (IOException | RuntimeException e) {
                if (newestKnown == null || target.local() || unlisted != null) {
                    return failed(start, target.kind(), null, attempts, unlistedMessage(target.kind(), e.getMessage()));
                }
                unlisted = target.kind();
                unlistedError = e.getMessage();
            }
        }
        String warning = null;
        if (unlisted != null) {
            Instant floor = newestKnown.time();
            candidates.removeIf(c -> c.backup().name().time().isBefore(floor));
            if (candidates.isEmpty()) {
                return failed(start, unlisted, null, attempts, unlistedMessage(unlisted, unlistedError)
                        + " (no other target holds " + newestKnown.fileName() + ", the newest backup known)");
            }
            warning = unlisted + " could not be listed (" + unlistedError + "); restored from what the other"
                    + " targets hold, at least as new as " + newestKnown.fileName()
                    + ", the newest backup known to exist";
        }
        boolean anyBackup = !candidates.isEmpty();
        candidates.removeIf(c -> !selection.admits(c.backup().name()));
        if (anyBackup && candidates.isEmpty()) {
            return new RestoreSummary("restore", RestoreOutcome.NOT_FOUND, Targets.NONE, selection.backup(),
                    attempts, null, seconds(start), key.fingerprint(), "no target holds " + selection.describe()
                            + "; nothing was restored (list them with agent list)");
        }
        // A stable sort: for equal times, the targets' order (local first) decides.
        candidates.sort(Comparator.comparing((Candidate c) -> c.backup().name().time()).reversed());
        for (Candidate candidate : candidates) {
            BackupTarget target = candidate.target();
            String name = candidate.backup().name().fileName();
            Path file = target.local() ? Path.of(candidate.backup().location()) : null;
            try {
                long size = candidate.backup().sizeBytes();
                if (file == null) {
                    file = download(stagingDir, target, candidate.backup(), progress);
                }
                BackupReader.Verified verified = BackupReader.verify(counted(ProgressReport.VERIFY, name,
                        target.kind(), size, Files.newInputStream(file)), key);
                BackupReader.requireNamedTime(candidate.backup().name().time(), verified);
                BackupReader.requireOrigin(expected, verified);
                try (InputStream sql = BackupReader.plaintext(counted(ProgressReport.DECRYPT, name, target.kind(),
                        size, Files.newInputStream(file)), key)) {
                    applier.apply(sql);
                } catch (BackupRejected e) {
                    throw e;
                } catch (IOException e) {
                    return failed(start, target.kind(), name, attempts, "applying " + name + " failed (nothing"
                            + " was kept): " + e.getMessage());
                }
                return new RestoreSummary("restore", RestoreOutcome.RESTORED, target.kind(), name, attempts,
                        verified.sqlBytes(), seconds(start), key.fingerprint(), null, warning);
            } catch (BackupRejected e) {
                attempts.add(new RestoreSummary.Attempt(name, target.kind(), e.reason().code(), e.getMessage()));
            } catch (IOException | RuntimeException e) {
                return failed(start, target.kind(), name, attempts, "reading " + name + " from " + target.kind()
                        + " failed; an I/O error is not a bad backup, so no older one is restored: "
                        + e.getMessage());
            } finally {
                if (progress != null) {
                    progress.idle();
                }
                if (!target.local() && file != null) {
                    Files.deleteIfExists(file);
                }
            }
        }
        if (unlisted != null) {
            return failed(start, unlisted, null, attempts, unlistedMessage(unlisted, unlistedError)
                    + " (every backup at least as new as " + newestKnown.fileName()
                    + " on the other targets was refused)");
        }
        boolean any = !candidates.isEmpty();
        return new RestoreSummary("restore", any ? RestoreOutcome.NO_AUTHENTIC : RestoreOutcome.NONE, Targets.NONE,
                null, attempts, null, seconds(start), key.fingerprint(), any
                        ? selection.newest()
                                ? "no backup passed the checks"
                                : "no backup passed the checks among " + selection.describe() + "; no other one"
                                        + " was restored instead"
                        : null);
    }

    private static String unlistedMessage(String target, String error) {
        return "listing backups in " + target + " failed, so a newer backup may be there; not restoring an older one: "
                + error;
    }

    private RestoreSummary failed(Instant start, String target, String name, List<RestoreSummary.Attempt> attempts,
            String error) {
        return new RestoreSummary("restore", RestoreOutcome.FAILED, target, name, attempts, null, seconds(start),
                key.fingerprint(), error);
    }

    /** @return the stream, counted as the given phase's progress when a reporter is set */
    private InputStream counted(String phase, String backup, String source, long size, InputStream in) {
        if (progress == null) {
            return in;
        }
        CountingInputStream counting = new CountingInputStream(in);
        progress.phase(phase, backup, source, size > 0 ? size : null, counting::getCount);
        return counting;
    }

    /** Downloads a killed restore left behind; restores never run side by side on one staging directory. */
    private void deleteStaleDownloads() throws IOException {
        if (!Files.isDirectory(stagingDir)) {
            return;
        }
        try (var files = Files.list(stagingDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(DOWNLOAD_PREFIX)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** @return the summary of a restore not needed: the database exists already */
    public RestoreSummary skipped() {
        return new RestoreSummary("restore", RestoreOutcome.SKIPPED, Targets.NONE, null, List.of(), null, 0,
                key.fingerprint(), null);
    }

    /**
     * Copies a remote backup, still encrypted, into the staging directory.
     *
     * @return the downloaded file, for the caller to delete
     * @throws IOException when the download fails; nothing is left behind then
     */
    static Path download(Path stagingDir, BackupTarget target, StoredBackup candidate, ProgressReporter progress)
            throws IOException {
        Path file = Files.createDirectories(stagingDir).resolve(DOWNLOAD_PREFIX + UUID.randomUUID() + ".enc");
        try (CountingOutputStream out = new CountingOutputStream(Files.newOutputStream(file))) {
            if (progress != null) {
                progress.phase(ProgressReport.DOWNLOAD, candidate.name().fileName(), target.kind(),
                        candidate.sizeBytes() > 0 ? candidate.sizeBytes() : null, out::getCount);
            }
            target.download(candidate, out);
        } catch (IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    private double seconds(Instant start) {
        return Duration.between(start, clock.instant()).toMillis() / 1000.0;
    }
}
