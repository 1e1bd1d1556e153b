package dev.pistack.loomio.agent.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * A place backups are kept. A target only ever shows finished backups under their final names: a store that fails
 * or is killed leaves nothing that {@link #list()} returns.
 */
public interface BackupTarget {
    /**
     * The folder beside the backups (a subdirectory, a Drive subfolder, an S3 key prefix) that holds the uploads'
     * encrypted blobs and one manifest per backup; {@link #list()} never shows its files.
     */
    String UPLOADS_FOLDER = "uploads";

    /** @return {@code local} or {@code drive} */
    String kind();

    /**
     * @return where exactly it stores, without any credential: {@code local:<dir>}, {@code drive:<folder ID>/<subfolder>},
     *     {@code s3:<endpoint>/<bucket>/<prefix>}; a backup to another address is a backup to another place
     */
    String address();

    /**
     * @return every finished backup it can restore from, newest first (for Drive also pi-stack's layout); files that
     *     are not backups are left out
     */
    List<StoredBackup> list() throws IOException;

    /** @return the backups this agent writes there, newest first: the only ones retention may delete */
    default List<StoredBackup> listOwn() throws IOException {
        return list();
    }

    /** @return the backup's bytes (the Fernet token text), as a stream */
    InputStream open(StoredBackup backup) throws IOException;

    /** Copies the backup's bytes into out; remote targets resume a download that broke off. */
    default void download(StoredBackup backup, OutputStream out) throws IOException {
        try (InputStream in = open(backup)) {
            in.transferTo(out);
        }
    }

    /**
     * Stores a finished, checked backup under its final name.
     *
     * @param staged the encrypted backup, complete and fsynced
     * @return the stored backup
     * @throws IOException when it could not be stored; then nothing was added
     */
    StoredBackup store(Path staged, BackupName name) throws IOException;

    /** Deletes one backup. */
    void delete(StoredBackup backup) throws IOException;

    /**
     * Replaces the copy of the credentials Secret kept beside the backups ({@code SealedCredentials.FILE_NAME}), all
     * or nothing: a reader sees the old copy or the new one.
     *
     * @param sealed the sealed copy's bytes
     * @throws IOException when it could not be stored; the old copy is then still there
     */
    void storeCredentials(byte[] sealed) throws IOException;

    /**
     * @return every copy of the credentials Secret kept beside the backups, as stored (sealed): none, one, or on Drive
     *     briefly two (the new one is created before the old one is trashed); the reader takes the newest authentic
     * @throws IOException when the target cannot be read (never taken for "none")
     */
    List<byte[]> readCredentials() throws IOException;

    /**
     * @return every file in the uploads folder, in no order; none when the folder does not exist yet
     * @throws IOException when the target cannot be listed (never taken for "none")
     */
    List<StoredObject> listUploads() throws IOException;

    /**
     * Stores a file in the uploads folder under its final name, all or nothing (a failed store leaves nothing that
     * {@link #listUploads()} returns).
     *
     * @param staged the encrypted file, complete; a local target renames it when it is in its own uploads folder
     * @throws IOException when it could not be stored
     */
    StoredObject storeUpload(String name, Path staged) throws IOException;

    /** Copies a file of the uploads folder into out, as stored (encrypted). */
    void downloadUpload(StoredObject object, OutputStream out) throws IOException;

    /** Deletes a file of the uploads folder. */
    void deleteUpload(StoredObject object) throws IOException;

    /** @return true when reading a backup is cheap enough to read it twice (local disk), false to stage a copy */
    boolean local();

    /**
     * @return the room left for backups, bytes, when the target can tell; empty otherwise
     * @throws IOException when the target cannot be asked
     */
    default OptionalLong freeBytes() throws IOException {
        return OptionalLong.empty();
    }
}
