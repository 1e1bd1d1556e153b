package dev.pistack.loomio.agent.uploads;

import dev.pistack.loomio.agent.crypto.FernetException;
import dev.pistack.loomio.agent.crypto.FernetInputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.pipeline.RestoreSelection;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredObject;
import dev.pistack.loomio.contract.RejectionReason;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.Targets;
import dev.pistack.loomio.contract.UploadsRestoreSummary;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;

/**
 * Restores the uploads of the newest authentic manifest across every target into an empty uploads volume, all or
 * nothing.
 *
 * <p>Every file is fetched from the manifest's target into a staging directory inside the volume, decrypted, its
 * token authenticated and its content checked against its blob name; only when all are there are they moved into
 * place (renames, within one file system). A marker file spans the moves: a restore killed among them is found by
 * the next one, which clears the volume and starts over. A manifest that proves bad (not authentic, another
 * instance's, a blob missing or altered) makes way for the next older one; an I/O error fails the restore, as the
 * database's does ({@code RestorePipeline}). The rule for a remote target that cannot be listed is the database's
 * too: the restore goes on without it only when the others hold a manifest at least as new as the newest backup
 * known.
 *
 * <p>Pods that share the volume (the app and the worker) take an exclusive lock on {@value #LOCK} first, so one
 * restores and the others then find the volume full.
 */
public final class UploadsRestore {
    /** Held while a restore runs: the app's and the worker's init containers may start together. */
    static final String LOCK = UploadsTree.OWN_PREFIX + "restore.lock";
    /** Present only while restored files are moved into place. */
    static final String MARKER = UploadsTree.OWN_PREFIX + "restore-moving";
    private static final String STAGING_PREFIX = UploadsTree.OWN_PREFIX + "restore-staging-";
    private static final int BUFFER = 128 * 1024;

    private record Candidate(BackupTarget target, StoredObject manifest, BackupName backup,
            Map<String, StoredObject> objects) {
    }

    /** A manifest that proved bad; the next older one is tried. */
    private static final class Rejected extends Exception {
        final RejectionReason reason;

        Rejected(RejectionReason reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    private final FernetKey key;
    private final Clock clock;
    private final String expectedInstance;

    /** @param expectedInstance the instance whose uploads may be restored ({@code namespace/name}), or null for any */
    public UploadsRestore(FernetKey key, Clock clock, String expectedInstance) {
        this.key = key;
        this.clock = clock;
        this.expectedInstance = expectedInstance;
    }

    /**
     * @param root the uploads volume
     * @param targets where backups are kept; for manifests of the same time, the earlier target is read
     * @param newestKnown the newest backup known to be stored on any target, or null
     * @return what happened; the volume holds every file of the manifest (RESTORED) or what it held before
     * @throws IOException when the volume itself cannot be written or locked
     */
    public UploadsRestoreSummary run(Path root, List<BackupTarget> targets, BackupName newestKnown)
            throws IOException {
        return run(root, targets, newestKnown, RestoreSelection.NEWEST);
    }

    /**
     * As {@link #run(Path, List, BackupName)}; with a chosen backup (a LoomioRestore), the uploads of that backup's
     * manifest (or of the newest manifest at or before the time) that the volume lacks are brought back, into a
     * volume that may hold files: a file whose path exists is kept as it is, and no file is removed (files added
     * after that backup stay, and nothing the restore replaced is lost). Each file is moved in on its own, so a
     * restore killed midway is completed by the next one. No manifest for the choice (a backup older than the
     * uploads backups) is {@link RestoreOutcome#NONE}: the database restore does not depend on it.
     */
    public UploadsRestoreSummary run(Path root, List<BackupTarget> targets, BackupName newestKnown,
            RestoreSelection selection) throws IOException {
        Instant start = clock.instant();
        try (FileChannel lockFile = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock lock = lockFile.lock()) {
            if (Files.exists(root.resolve(MARKER))) {
                // A restore was killed while moving files in: what is there is a part of a manifest, not uploads.
                clear(root);
            }
            deleteStaging(root);
            if (selection.newest() && !UploadsTree.empty(root)) {
                return summary(start, RestoreOutcome.SKIPPED, Targets.NONE, null, null, null, null, List.of());
            }
            return restore(root, targets, selection.newest() ? newestKnown : null, selection, start);
        }
    }

    private UploadsRestoreSummary restore(Path root, List<BackupTarget> targets, BackupName newestKnown,
            RestoreSelection selection, Instant start) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        String unlisted = null;
        for (BackupTarget target : targets) {
            List<StoredObject> objects;
            try {
                objects = target.listUploads();
            } catch (IOException | RuntimeException e) {
                if (newestKnown == null || target.local() || unlisted != null) {
                    return summary(start, RestoreOutcome.FAILED, target.kind(), null, null, null,
                            "listing the uploads in " + target.kind() + " failed, so a newer backup may be there;"
                                    + " not restoring an older one: " + e.getMessage(),
                            List.of());
                }
                unlisted = target.kind();
                continue;
            }
            Map<String, StoredObject> byName = new HashMap<>();
            objects.forEach(o -> byName.put(o.name(), o));
            for (StoredObject o : objects) {
                UploadsManifest.backupOf(o.name())
                        .ifPresent(b -> candidates.add(new Candidate(target, o, b, byName)));
            }
        }
        if (unlisted != null) {
            candidates.removeIf(c -> c.backup().time().isBefore(newestKnown.time()));
        }
        candidates.removeIf(c -> !selection.admits(c.backup()));
        candidates.sort(Comparator.comparing((Candidate c) -> c.backup().time()).reversed());
        List<RestoreSummary.Attempt> attempts = new ArrayList<>();
        for (Candidate c : candidates) {
            Path staging = root.resolve(STAGING_PREFIX + UUID.randomUUID());
            try {
                UploadsManifest manifest = manifest(c);
                if (manifest.files().isEmpty()) {
                    // The newest backup had no uploads: nothing to bring back, and nothing to announce.
                    return summary(start, RestoreOutcome.NONE, c.target().kind(), manifest.backup(), 0, 0L, null,
                            attempts);
                }
                if (selection.newest()) {
                    fetchAll(c, manifest, staging);
                    moveIn(root, staging, manifest);
                    return summary(start, RestoreOutcome.RESTORED, c.target().kind(), manifest.backup(),
                            manifest.files().size(), manifest.bytes(), null, attempts);
                }
                UploadsManifest missing = manifest.only(e -> !Files.exists(root.resolve(e.path()),
                        java.nio.file.LinkOption.NOFOLLOW_LINKS));
                fetchAll(c, missing, staging);
                addMissing(root, staging, missing);
                return summary(start, RestoreOutcome.RESTORED, c.target().kind(), manifest.backup(),
                        missing.files().size(), missing.bytes(), null, attempts);
            } catch (Rejected e) {
                attempts.add(new RestoreSummary.Attempt(c.manifest().name(), c.target().kind(), e.reason.code(),
                        e.getMessage()));
            } catch (IOException | RuntimeException e) {
                return summary(start, RestoreOutcome.FAILED, c.target().kind(), c.backup().fileName(), null, null,
                        "reading the uploads of " + c.backup().fileName() + " from " + c.target().kind()
                                + " failed; an I/O error is not a bad backup, so no older one is restored: "
                                + e.getMessage(),
                        attempts);
            } finally {
                deleteTree(staging);
            }
        }
        if (unlisted != null) {
            return summary(start, RestoreOutcome.FAILED, unlisted, null, null, null, "listing the uploads in "
                    + unlisted + " failed and no other target holds them as new as " + newestKnown.fileName(),
                    attempts);
        }
        return summary(start, candidates.isEmpty() ? RestoreOutcome.NONE : RestoreOutcome.NO_AUTHENTIC,
                Targets.NONE, null, null, null, candidates.isEmpty() ? null : "no uploads manifest passed the checks",
                attempts);
    }

    private UploadsManifest manifest(Candidate c) throws IOException, Rejected {
        byte[] token = UploadsBackup.read(c.target(), c.manifest());
        UploadsManifest manifest;
        try {
            manifest = UploadsManifest.open(key, token);
        } catch (FernetException e) {
            throw new Rejected(e.reason() == FernetException.Reason.TRUNCATED
                    ? RejectionReason.TRUNCATED
                    : RejectionReason.WRONG_KEY_OR_CORRUPT, e.getMessage());
        } catch (IOException e) {
            throw new Rejected(RejectionReason.NOT_A_BACKUP, e.getMessage());
        }
        if (expectedInstance != null && manifest.instance() != null && !expectedInstance.equals(manifest.instance())) {
            throw new Rejected(RejectionReason.OTHER_INSTANCE, "the uploads are of " + manifest.instance() + ", not "
                    + expectedInstance);
        }
        return manifest;
    }

    /** Fetches, decrypts and checks every file into staging, keeping each blob's path and modification time. */
    private void fetchAll(Candidate c, UploadsManifest manifest, Path staging) throws IOException, Rejected {
        Files.createDirectories(staging);
        BlobNames names = new BlobNames(key);
        Path encrypted = staging.resolve(".blob");
        Path files = Files.createDirectories(staging.resolve("files"));
        byte[] buffer = new byte[BUFFER];
        for (UploadsManifest.Entry e : manifest.files()) {
            StoredObject blob = c.objects().get(e.blob());
            if (blob == null) {
                throw new Rejected(RejectionReason.TRUNCATED, "the blob of " + e.path() + " is missing");
            }
            Path source;
            if (c.target().local()) {
                source = Path.of(blob.location());
            } else {
                try (OutputStream out = Files.newOutputStream(encrypted)) {
                    c.target().downloadUpload(blob, out);
                }
                source = encrypted;
            }
            Path file = files.resolve(e.path());
            Files.createDirectories(file.getParent());
            Mac mac = names.mac();
            long size = 0;
            try (InputStream in = new FernetInputStream(Files.newInputStream(source), key);
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER)) {
                int n;
                while ((n = in.read(buffer)) != -1) {
                    mac.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            } catch (FernetException x) {
                throw new Rejected(RejectionReason.WRONG_KEY_OR_CORRUPT, "the blob of " + e.path() + ": "
                        + x.getMessage());
            }
            if (!BlobNames.name(mac).equals(e.blob()) || size != e.size()) {
                throw new Rejected(RejectionReason.WRONG_KEY_OR_CORRUPT, "the blob of " + e.path()
                        + " does not hold the file the manifest names");
            }
            Files.setLastModifiedTime(file, FileTime.fromMillis(e.mtime()));
        }
        Files.deleteIfExists(encrypted);
    }

    /** Moves the staged files into the volume, under the marker; fsyncs each before it is moved. */
    private static void moveIn(Path root, Path staging, UploadsManifest manifest) throws IOException {
        removeEmptyDirectories(root);
        Path marker = Files.createFile(root.resolve(MARKER));
        moveEach(root, staging, manifest, false);
        Files.delete(marker);
    }

    /**
     * Moves staged files in one by one, each only where no file is (a pod that wrote one meanwhile keeps it); fsyncs
     * each before it is moved.
     */
    private static void addMissing(Path root, Path staging, UploadsManifest manifest) throws IOException {
        moveEach(root, staging, manifest, true);
    }

    /** @param keepExisting leave a file whose path exists already as it is */
    private static void moveEach(Path root, Path staging, UploadsManifest manifest, boolean keepExisting)
            throws IOException {
        Path files = staging.resolve("files");
        for (UploadsManifest.Entry e : manifest.files()) {
            Path from = files.resolve(e.path());
            Path to = root.resolve(e.path());
            Files.createDirectories(to.getParent());
            try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (!keepExisting || !Files.exists(to, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    /**
     * Removes the empty directories of a volume that holds no file: those the kubelet made for the Rails containers'
     * subPaths belong to root, and the agent, not root, could not write into them. One that cannot be removed stays.
     */
    private static void removeEmptyDirectories(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean own = !dir.equals(root) && dir.getParent().equals(root)
                        && (name.startsWith(UploadsTree.OWN_PREFIX) || name.equals("lost+found"));
                return own ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                if (!dir.equals(root)) {
                    try {
                        Files.delete(dir);
                    } catch (IOException notEmptyOrNotAllowed) {
                        // Kept: the move below says what is wrong if it stands in the way.
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes everything in the volume but the agent's lock and lost+found. */
    private static void clear(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.equals(LOCK) && !name.equals(MARKER) && !name.equals("lost+found")) {
                    deleteTree(e);
                }
            }
        }
        Files.deleteIfExists(root.resolve(MARKER));
    }

    private static void deleteStaging(Path root) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, STAGING_PREFIX + "*")) {
            for (Path e : entries) {
                deleteTree(e);
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private UploadsRestoreSummary summary(Instant start, RestoreOutcome status, String source, String backup,
            Integer files, Long bytes, String error, List<RestoreSummary.Attempt> attempts) {
        return new UploadsRestoreSummary(UploadsRestoreSummary.ACTION, status, source, backup, files, bytes,
                Duration.between(start, clock.instant()).toMillis() / 1000.0, key.fingerprint(), error,
                attempts.isEmpty() ? null : attempts);
    }
}
