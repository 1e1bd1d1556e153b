package dev.pistack.loomio.agent.uploads;

import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.LocalTarget;
import dev.pistack.loomio.agent.store.StoredObject;
import dev.pistack.loomio.contract.BackupSummary;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;

/**
 * Backs up the uploads volume with a database backup, incrementally: each file becomes a blob, a Fernet token
 * (Fernet spec) of its bytes named by {@link BlobNames}, stored once per target; each backup gets a manifest ({@link
 * UploadsManifest}) that lists its files and their blobs. Loomio's stored files are immutable (Active Storage keys
 * never change content), so a file of the same path, size and modification time as in the newest manifest keeps its
 * blob name without being read; any other file is read and named.
 *
 * <p>{@link #snapshot} walks the volume once, after the dump is complete, so a backup holds the uploads present when
 * its dump was taken or newer, never fewer. A target gets the blobs it lacks, then the manifest; a blob sent by a
 * local target first is uploaded to the others as stored (encrypted once). {@link #prune} runs after a target's
 * retention: manifests of deleted backups go, then blobs that no kept manifest names and that are older than {@link
 * #UNREFERENCED_GRACE} (a backup running beside this one may have stored them for its manifest still to come).
 */
public final class UploadsBackup {
    /** A blob named by no manifest is kept this long after it was stored: another run may still list it. */
    static final Duration UNREFERENCED_GRACE = Duration.ofHours(6);
    private static final int BUFFER = 128 * 1024;

    private record Named(UploadsTree.File file, String blob) {
    }

    private final FernetKey key;
    private final BlobNames names;
    private final Path root;
    private final Path stagingDir;
    private final Clock clock;
    private final String instance;
    private final SecureRandom random = new SecureRandom();
    private List<Named> snapshot;

    /**
     * @param root the uploads volume, mounted read-only
     * @param stagingDir where a blob for a remote target is encrypted when no local target holds it (RAM in a pod)
     * @param instance {@code namespace/name}, recorded in each manifest, or null
     */
    public UploadsBackup(FernetKey key, Path root, Path stagingDir, Clock clock, String instance) {
        this.key = key;
        this.names = new BlobNames(key);
        this.root = root;
        this.stagingDir = stagingDir;
        this.clock = clock;
        this.instance = instance;
    }

    /**
     * Walks the volume and names each file's blob, reusing the names of the newest manifest that any target can give
     * for files unchanged since (same path, size and modification time).
     *
     * @throws IOException when the volume cannot be read (a file Loomio's user can read but the agent cannot: check
     *     the files' modes)
     */
    public void snapshot(List<BackupTarget> targets) throws IOException {
        Map<String, UploadsManifest.Entry> previous = newestEntries(targets);
        List<Named> named = new ArrayList<>();
        for (UploadsTree.File f : UploadsTree.walk(root)) {
            UploadsManifest.Entry before = previous.get(f.path());
            String blob = before != null && before.size() == f.size() && before.mtime() == f.mtime()
                    ? before.blob()
                    : names.of(f.absolute());
            named.add(new Named(f, blob));
        }
        snapshot = named;
    }

    /**
     * Stores the blobs the target lacks, then the backup's manifest.
     *
     * @param local the local target when the run has one and it already stored this backup's uploads, or null: its
     *     blobs are sent as they are
     * @throws IOException when a blob or the manifest could not be stored; blobs stored so far stay (a later run
     *     reuses them, retention removes them when none does), and no manifest names an incomplete set
     */
    public BackupSummary.Uploads store(BackupTarget target, BackupName backup, LocalTarget local) throws IOException {
        if (snapshot == null) {
            throw new IllegalStateException("snapshot() first");
        }
        Set<String> present = target.listUploads().stream().map(StoredObject::name).collect(Collectors.toSet());
        int sentFiles = 0;
        long sentBytes = 0;
        for (Named n : snapshot) {
            if (present.contains(n.blob())) {
                continue;
            }
            Path asStored = local != null && local != target ? local.uploadsDir().resolve(n.blob()) : null;
            if (asStored != null && Files.isRegularFile(asStored)) {
                sentBytes += target.storeUpload(n.blob(), asStored).sizeBytes();
            } else {
                Path staged = target instanceof LocalTarget l ? l.newUploadPartial(n.blob()) : stagingFile();
                try {
                    encrypt(n, staged);
                    sentBytes += target.storeUpload(n.blob(), staged).sizeBytes();
                } finally {
                    Files.deleteIfExists(staged);
                }
            }
            present.add(n.blob());
            sentFiles++;
        }
        UploadsManifest manifest = new UploadsManifest(instance, backup.fileName(), snapshot.stream()
                .map(n -> new UploadsManifest.Entry(n.file().path(), n.file().size(), n.file().mtime(), n.blob()))
                .toList());
        byte[] sealed = manifest.seal(key, clock.instant());
        String name = UploadsManifest.fileName(backup);
        Path staged = target instanceof LocalTarget l ? l.newUploadPartial(name) : stagingFile();
        try {
            Files.write(staged, sealed);
            target.storeUpload(name, staged);
        } finally {
            Files.deleteIfExists(staged);
        }
        return new BackupSummary.Uploads(snapshot.size(), manifest.bytes(), sentFiles, sentBytes + sealed.length,
                null);
    }

    /**
     * Retention of the uploads folder, after the target's backups were pruned: deletes the manifests of backups the
     * target no longer holds (never current's), then the blobs no remaining manifest names, once older than {@link
     * #UNREFERENCED_GRACE}.
     *
     * @return how many blobs were deleted
     * @throws IOException when the folder cannot be listed or a kept manifest cannot be read or is not authentic:
     *     then no blob is deleted (what it names is unknown)
     */
    public int prune(BackupTarget target, BackupName current) throws IOException {
        Set<String> kept = target.listOwn().stream().map(b -> b.name().fileName()).collect(Collectors.toSet());
        kept.add(current.fileName());
        List<StoredObject> objects = target.listUploads();
        List<StoredObject> keptManifests = new ArrayList<>();
        for (StoredObject o : objects) {
            Optional<BackupName> of = UploadsManifest.backupOf(o.name());
            if (of.isEmpty()) {
                continue;
            }
            if (kept.contains(of.get().fileName())) {
                keptManifests.add(o);
            } else {
                target.deleteUpload(o);
            }
        }
        Set<String> referenced = new HashSet<>();
        for (StoredObject m : keptManifests) {
            try {
                UploadsManifest.open(key, read(target, m)).files().forEach(e -> referenced.add(e.blob()));
            } catch (IOException e) {
                throw new IOException("no blob removed: the manifest " + m.name() + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        Instant before = clock.instant().minus(UNREFERENCED_GRACE);
        int removed = 0;
        for (StoredObject o : objects) {
            if (BlobNames.isBlobName(o.name()) && !referenced.contains(o.name()) && o.modified().isBefore(before)) {
                target.deleteUpload(o);
                removed++;
            }
        }
        return removed;
    }

    /** @return the entries of the newest manifest any target gives, by path; none when no target can */
    private Map<String, UploadsManifest.Entry> newestEntries(List<BackupTarget> targets) {
        for (BackupTarget target : targets) {
            try {
                Optional<StoredObject> newest = target.listUploads().stream()
                        .filter(o -> UploadsManifest.backupOf(o.name()).isPresent())
                        .max(Comparator.comparing((StoredObject o) -> UploadsManifest.backupOf(o.name()).get().time()));
                if (newest.isPresent()) {
                    Map<String, UploadsManifest.Entry> byPath = new HashMap<>();
                    UploadsManifest.open(key, read(target, newest.get())).files()
                            .forEach(e -> byPath.put(e.path(), e));
                    return byPath;
                }
            } catch (IOException | RuntimeException e) {
                // Only a shortcut: without it every file is read and named.
            }
        }
        return Map.of();
    }

    /** @return a stored object's bytes; for manifests, which are small */
    static byte[] read(BackupTarget target, StoredObject object) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        target.downloadUpload(object, out);
        return out.toByteArray();
    }

    private static InputStream open(UploadsTree.File file) throws IOException {
        try {
            return Files.newInputStream(file.absolute());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException(file.path() + " was deleted while the uploads were backed up; the next backup"
                    + " goes without it", e);
        }
    }

    private Path stagingFile() throws IOException {
        return LocalTarget.createOwnerOnly(Files.createDirectories(stagingDir)
                .resolve(".upload-" + UUID.randomUUID() + ".partial"));
    }

    /**
     * Encrypts the file into staged, checking on the way that its bytes still have the blob's name.
     *
     * @throws IOException when the file changed since it was named (Loomio replaced it): the next run takes it
     */
    private void encrypt(Named n, Path staged) throws IOException {
        if (!Files.exists(staged)) {
            LocalTarget.createOwnerOnly(staged);
        }
        byte[] iv = new byte[16];
        random.nextBytes(iv);
        Mac mac = names.mac();
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = open(n.file());
                OutputStream out = new FernetOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(staged), BUFFER), key, clock.instant(), iv)) {
            int r;
            while ((r = in.read(buffer)) != -1) {
                mac.update(buffer, 0, r);
                out.write(buffer, 0, r);
            }
        }
        if (!BlobNames.name(mac).equals(n.blob())) {
            throw new IOException(n.file().path() + " changed while it was backed up; the next backup takes it");
        }
        LocalTarget.fsync(staged);
    }
}
