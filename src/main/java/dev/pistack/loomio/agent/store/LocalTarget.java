package dev.pistack.loomio.agent.store;

import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.contract.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Backups in a local directory. A backup is written to a hidden {@code .<name>.partial-<id>} file, fsynced, and
 * renamed to its final name (then the directory is fsynced), so a crash at any point leaves either the old set of
 * backups or the old set plus one complete backup; partial files never match a backup name and are never listed.
 */
public final class LocalTarget implements BackupTarget {
    static final String PARTIAL = ".partial-";
    private final Path dir;

    /** @param dir the directory; created when missing */
    public LocalTarget(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public String kind() {
        return Targets.LOCAL;
    }

    @Override
    public String address() {
        return kind() + ":" + dir;
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public List<StoredBackup> list() throws IOException {
        List<StoredBackup> backups = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Optional<BackupName> name = BackupName.parse(f.getFileName().toString());
                if (name.isPresent() && Files.isRegularFile(f)) {
                    backups.add(new StoredBackup(name.get(), f.toString(), Files.size(f)));
                }
            }
        }
        backups.sort((a, b) -> a.name().compareTo(b.name()));
        return backups;
    }

    @Override
    public InputStream open(StoredBackup backup) throws IOException {
        return Files.newInputStream(Path.of(backup.location()));
    }

    /** @return a new hidden partial file in this directory, for a backup being written */
    public Path newPartial(BackupName name) {
        return dir.resolve("." + name.fileName() + PARTIAL + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    public StoredBackup store(Path staged, BackupName name) throws IOException {
        Path target = dir.resolve(name.fileName());
        Path partial = staged;
        boolean copied = false;
        if (!staged.getParent().toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
            partial = createOwnerOnly(newPartial(name));
            try {
                Files.copy(staged, partial, StandardCopyOption.REPLACE_EXISTING);
                fsync(partial);
            } catch (IOException e) {
                // A full volume keeps no half copy: the space goes back at once, not after STALE_PARTIAL.
                Files.deleteIfExists(partial);
                throw e;
            }
            copied = true;
        }
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename atomically inside " + dir, e);
        } finally {
            if (copied) {
                Files.deleteIfExists(partial);
            }
        }
        fsyncDirectory();
        return new StoredBackup(name, target.toString(), Files.size(target));
    }

    /** Written to a partial file, fsynced and renamed over the old copy, as a backup is. */
    @Override
    public void storeCredentials(byte[] sealed) throws IOException {
        Path partial = createOwnerOnly(dir.resolve("." + SealedCredentials.FILE_NAME + PARTIAL + UUID.randomUUID()));
        try {
            Files.write(partial, sealed);
            fsync(partial);
            Files.move(partial, dir.resolve(SealedCredentials.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        fsyncDirectory();
    }

    @Override
    public List<byte[]> readCredentials() throws IOException {
        Path copy = dir.resolve(SealedCredentials.FILE_NAME);
        return Files.exists(copy) ? List.of(Files.readAllBytes(copy)) : List.of();
    }

    /** The uploads folder, {@code <dir>/uploads}; partial files in it are hidden and never listed. */
    public Path uploadsDir() {
        return dir.resolve(UPLOADS_FOLDER);
    }

    /** @return a new hidden partial file in the uploads folder (created with it), for a file being written */
    public Path newUploadPartial(String name) throws IOException {
        return Files.createDirectories(uploadsDir()).resolve("." + name + PARTIAL + UUID.randomUUID());
    }

    @Override
    public List<StoredObject> listUploads() throws IOException {
        List<StoredObject> objects = new ArrayList<>();
        if (!Files.isDirectory(uploadsDir())) {
            return objects;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(uploadsDir())) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(f)) {
                    objects.add(new StoredObject(name, Files.size(f), Files.getLastModifiedTime(f).toInstant(),
                            f.toString()));
                }
            }
        }
        return objects;
    }

    /** Renamed into place when staged in the uploads folder, else copied to a partial file first; fsynced. */
    @Override
    public StoredObject storeUpload(String name, Path staged) throws IOException {
        Path target = Files.createDirectories(uploadsDir()).resolve(name);
        Path partial = staged;
        boolean copied = false;
        if (!staged.toAbsolutePath().getParent().normalize().equals(uploadsDir().toAbsolutePath().normalize())) {
            partial = newUploadPartial(name);
            copied = true;
            try {
                Files.copy(staged, partial, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                throw e;
            }
        }
        try {
            fsync(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            if (copied) {
                Files.deleteIfExists(partial);
            }
        }
        return new StoredObject(name, Files.size(target), Files.getLastModifiedTime(target).toInstant(),
                target.toString());
    }

    @Override
    public void downloadUpload(StoredObject object, java.io.OutputStream out) throws IOException {
        Files.copy(Path.of(object.location()), out);
    }

    @Override
    public void deleteUpload(StoredObject object) throws IOException {
        Files.deleteIfExists(Path.of(object.location()));
    }

    @Override
    public void delete(StoredBackup backup) throws IOException {
        Files.deleteIfExists(Path.of(backup.location()));
    }

    /**
     * Deletes partial files a killed run left behind, when older than maxAge (a running backup's partial is
     * younger). They were never listed, so this only frees space.
     *
     * @return how many were deleted
     */
    public int deleteStalePartials(Duration maxAge, Instant now) throws IOException {
        int deleted = 0;
        for (Path folder : List.of(dir, uploadsDir())) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, ".*" + PARTIAL + "*")) {
                for (Path f : files) {
                    FileTime modified = Files.getLastModifiedTime(f);
                    if (modified.toInstant().isBefore(now.minus(maxAge)) && Files.deleteIfExists(f)) {
                        deleted++;
                    }
                }
            }
        }
        return deleted;
    }

    /**
     * Creates an empty file only its owner can read and write (0600 where the file system has POSIX permissions):
     * backups are encrypted, but nobody else on the host needs them.
     *
     * @return the file
     */
    public static Path createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** Forces a file's bytes to the device. */
    public static void fsync(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for fsync; the rename itself is still atomic.
        }
    }

    /**
     * The usable space of the file system that holds the directory. A k3s local-path volume is a directory of the
     * node's disk (the SD card), so this is the card's free space, not what is left of the claim's size.
     */
    @Override
    public OptionalLong freeBytes() throws IOException {
        return OptionalLong.of(Files.getFileStore(dir).getUsableSpace());
    }
}
