package dev.pistack.loomio.agent.drive;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.googleapis.json.GoogleJsonResponseException;
import com.google.api.client.googleapis.media.MediaHttpUploader;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.FileContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.About;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.agent.store.StoredObject;
import dev.pistack.loomio.contract.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Backups in a Google Drive folder (My Drive or a Shared Drive: every call sets supportsAllDrives).
 *
 * <p>Uploads are resumable and chunked ({@link DriveSettings#chunkBytes()}), from the staged file, so a backup is
 * never held in memory. Drive creates the file only when the last chunk arrives, under its final name: a failed or
 * killed upload leaves nothing to list. The uploaded size and MD5 are compared with the local file before the
 * upload counts; a mismatch deletes the Drive file. Listing follows every page and also reads pi-stack's layout
 * ({@code <environment>/backups/} under the folder).
 */
public final class DriveTarget implements BackupTarget {
    private static final String FOLDER = "application/vnd.google-apps.folder";
    private static final String FIELDS = "nextPageToken, files(id, name, size, mimeType)";

    private final Drive drive;
    private final DriveSettings settings;
    /** Found once per run: a backup stores hundreds of files in it. */
    private String uploadsFolderId;

    public DriveTarget(Drive drive, DriveSettings settings) {
        this.drive = drive;
        this.settings = settings;
    }

    @Override
    public String kind() {
        return Targets.DRIVE;
    }

    @Override
    public String address() {
        return kind() + ":" + settings.folderId() + "/" + (settings.subfolder() == null ? "" : settings.subfolder());
    }

    @Override
    public boolean local() {
        return false;
    }

    /**
     * The account's free quota ({@code about.storageQuota}: limit minus usage, trash included), for OAuth user
     * credentials only: a service account's own quota says nothing about the Shared Drive it writes to.
     *
     * @return empty for a service account or an account without a limit
     */
    @Override
    public OptionalLong freeBytes() throws IOException {
        if (settings.refreshToken() == null) {
            return OptionalLong.empty();
        }
        About.StorageQuota quota = call(() -> drive.about().get().setFields("storageQuota(limit,usage)").execute())
                .getStorageQuota();
        if (quota == null || quota.getLimit() == null || quota.getUsage() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Math.max(0, quota.getLimit() - quota.getUsage()));
    }

    @Override
    public List<StoredBackup> list() throws IOException {
        List<StoredBackup> backups = new ArrayList<>(listOwn());
        Optional<String> environment = child(settings.folderId(), settings.legacyEnvironment());
        if (environment.isPresent()) {
            Optional<String> legacy = child(environment.get(), "backups");
            if (legacy.isPresent()) {
                backups.addAll(listFolder(legacy.get()));
            }
        }
        backups.sort((a, b) -> a.name().compareTo(b.name()));
        return backups;
    }

    /** The folder alone: pi-stack's layout is read for restores, never pruned, so it is not even listed here. */
    @Override
    public List<StoredBackup> listOwn() throws IOException {
        Optional<String> folder = backupFolder(false);
        List<StoredBackup> backups = new ArrayList<>(folder.isPresent() ? listFolder(folder.get()) : List.of());
        backups.sort((a, b) -> a.name().compareTo(b.name()));
        return backups;
    }

    @Override
    public InputStream open(StoredBackup backup) throws IOException {
        return call(() -> drive.files().get(backup.location()).setSupportsAllDrives(true).executeMediaAsInputStream());
    }

    /** Downloads in ranged chunks; a chunk that fails is retried from where it stopped. */
    @Override
    public void download(StoredBackup backup, java.io.OutputStream out) throws IOException {
        Drive.Files.Get get = drive.files().get(backup.location()).setSupportsAllDrives(true);
        get.getMediaHttpDownloader().setChunkSize(settings.chunkBytes());
        call(() -> {
            get.executeMediaAndDownloadTo(out);
            return null;
        });
    }

    @Override
    public StoredBackup store(Path staged, BackupName name) throws IOException {
        File metadata = new File()
                .setName(name.fileName())
                .setParents(List.of(backupFolder(true).orElseThrow()))
                .setMimeType("application/octet-stream")
                .setAppProperties(Map.of("loomioBackupKind", name.kind()));
        return new StoredBackup(name, upload(metadata, staged).getId(), Files.size(staged));
    }

    /**
     * A resumable, chunked upload of the staged file, checked against it: a size or MD5 that differs trashes the
     * upload.
     *
     * @return the created file (id, name, size, md5Checksum, createdTime)
     * @throws IOException when the upload failed or did not store the file's bytes
     */
    private File upload(File metadata, Path staged) throws IOException {
        String md5 = md5(staged);
        long size = Files.size(staged);
        File created = call(() -> {
            Drive.Files.Create create = drive.files()
                    .create(metadata, new FileContent("application/octet-stream", staged.toFile()))
                    .setSupportsAllDrives(true)
                    .setFields("id, name, size, md5Checksum, createdTime");
            MediaHttpUploader uploader = create.getMediaHttpUploader();
            uploader.setDirectUploadEnabled(false);
            uploader.setChunkSize(settings.chunkBytes());
            // Encrypted data does not compress; gzip would only cost the Pi's CPU.
            uploader.setDisableGZipContent(true);
            return create.execute();
        });
        boolean sizeOk = created.getSize() == null || created.getSize() == size;
        boolean md5Ok = created.getMd5Checksum() == null || created.getMd5Checksum().equalsIgnoreCase(md5);
        if (!sizeOk || !md5Ok) {
            trash(created.getId());
            throw new IOException("Drive stored " + created.getSize() + " bytes with MD5 " + created.getMd5Checksum()
                    + " for a " + size + "-byte file with MD5 " + md5 + "; the upload was deleted");
        }
        return created;
    }

    /**
     * Moves the file to Drive's trash ({@code files.update} with {@code trashed: true}) instead of deleting it: Drive
     * empties the trash after 30 days, so a backup pruned by mistake (a wrong retention, a clock that ran ahead) can
     * be brought back by hand until then; trashing also needs only a Shared Drive's Content manager role. A trashed
     * file is no longer listed ({@code trashed = false}).
     */
    @Override
    public void delete(StoredBackup backup) throws IOException {
        trash(backup.location());
    }

    private void trash(String fileId) throws IOException {
        call(() -> drive.files().update(fileId, new File().setTrashed(true)).setSupportsAllDrives(true)
                .setFields("id").execute());
    }

    /**
     * Creates the new copy, then trashes the older ones: Drive names are not unique, and a file appears only once
     * its upload completed, so a reader always finds a whole copy (two for a moment, or after a failed trash).
     */
    @Override
    public void storeCredentials(byte[] sealed) throws IOException {
        String folder = backupFolder(true).orElseThrow();
        List<String> older = credentialsFiles(folder);
        File metadata = new File().setName(SealedCredentials.FILE_NAME).setParents(List.of(folder))
                .setMimeType("application/octet-stream");
        call(() -> drive.files().create(metadata, new ByteArrayContent("application/octet-stream", sealed))
                .setSupportsAllDrives(true).setFields("id").execute());
        for (String id : older) {
            trash(id);
        }
    }

    /** The files of the uploads subfolder, page by page (1,000 a page). */
    @Override
    public List<StoredObject> listUploads() throws IOException {
        Optional<String> folder = uploadsFolder(false);
        List<StoredObject> objects = new ArrayList<>();
        if (folder.isEmpty()) {
            return objects;
        }
        String page = null;
        do {
            String token = page;
            FileList files = call(() -> drive.files().list()
                    .setQ("'" + folder.get() + "' in parents and trashed = false and mimeType != '" + FOLDER + "'")
                    .setFields("nextPageToken, files(id, name, size, createdTime)")
                    .setPageSize(1000)
                    .setPageToken(token)
                    .setSupportsAllDrives(true)
                    .setIncludeItemsFromAllDrives(true)
                    .execute());
            for (File f : files.getFiles()) {
                objects.add(new StoredObject(f.getName(), f.getSize() == null ? -1 : f.getSize(),
                        f.getCreatedTime() == null
                                ? Instant.EPOCH
                                : Instant.ofEpochMilli(f.getCreatedTime().getValue()),
                        f.getId()));
            }
            page = files.getNextPageToken();
        } while (page != null && !page.isEmpty());
        return objects;
    }

    /** A resumable upload, checked as a backup's is (size and MD5). */
    @Override
    public StoredObject storeUpload(String name, Path staged) throws IOException {
        File metadata = new File().setName(name).setParents(List.of(uploadsFolder(true).orElseThrow()))
                .setMimeType("application/octet-stream");
        File created = upload(metadata, staged);
        return new StoredObject(name, Files.size(staged), created.getCreatedTime() == null
                ? Instant.now()
                : Instant.ofEpochMilli(created.getCreatedTime().getValue()), created.getId());
    }

    @Override
    public void downloadUpload(StoredObject object, java.io.OutputStream out) throws IOException {
        download(new StoredBackup(null, object.location(), object.sizeBytes()), out);
    }

    /** Moved to Drive's trash, as a pruned backup is. */
    @Override
    public void deleteUpload(StoredObject object) throws IOException {
        trash(object.location());
    }

    /** @return the file ID of the uploads subfolder of the backup folder */
    private Optional<String> uploadsFolder(boolean create) throws IOException {
        if (uploadsFolderId == null) {
            uploadsFolderId = findUploadsFolder(create).orElse(null);
        }
        return Optional.ofNullable(uploadsFolderId);
    }

    private Optional<String> findUploadsFolder(boolean create) throws IOException {
        Optional<String> parent = backupFolder(create);
        if (parent.isEmpty()) {
            return parent;
        }
        Optional<String> existing = child(parent.get(), UPLOADS_FOLDER);
        if (existing.isPresent() || !create) {
            return existing;
        }
        File folder = new File().setName(UPLOADS_FOLDER).setMimeType(FOLDER).setParents(List.of(parent.get()));
        return Optional.of(call(() -> drive.files().create(folder).setSupportsAllDrives(true).setFields("id")
                .execute()).getId());
    }

    @Override
    public List<byte[]> readCredentials() throws IOException {
        Optional<String> folder = backupFolder(false);
        List<byte[]> copies = new ArrayList<>();
        for (String id : folder.isPresent() ? credentialsFiles(folder.get()) : List.<String>of()) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            call(() -> {
                drive.files().get(id).setSupportsAllDrives(true).executeMediaAndDownloadTo(out);
                return null;
            });
            copies.add(out.toByteArray());
        }
        return copies;
    }

    private List<String> credentialsFiles(String folderId) throws IOException {
        FileList found = call(() -> drive.files().list()
                .setQ("'" + folderId + "' in parents and trashed = false and name = '" + SealedCredentials.FILE_NAME
                        + "'")
                .setFields("files(id, name)")
                .setSupportsAllDrives(true)
                .setIncludeItemsFromAllDrives(true)
                .execute());
        return found.getFiles().stream().map(File::getId).toList();
    }

    private List<StoredBackup> listFolder(String folderId) throws IOException {
        List<StoredBackup> backups = new ArrayList<>();
        String page = null;
        do {
            String token = page;
            FileList files = call(() -> drive.files().list()
                    .setQ("'" + folderId + "' in parents and trashed = false and mimeType != '" + FOLDER + "'")
                    .setFields(FIELDS)
                    .setPageSize(100)
                    .setPageToken(token)
                    .setSupportsAllDrives(true)
                    .setIncludeItemsFromAllDrives(true)
                    .execute());
            for (File f : files.getFiles()) {
                BackupName.parse(f.getName()).ifPresent(n -> backups.add(
                        new StoredBackup(n, f.getId(), f.getSize() == null ? -1 : f.getSize())));
            }
            page = files.getNextPageToken();
        } while (page != null && !page.isEmpty());
        return backups;
    }

    /**
     * @param create whether to create the subfolder when it does not exist yet
     * @return the file ID of the folder this agent keeps its backups in: the folder, or its subfolder when one is set
     */
    private Optional<String> backupFolder(boolean create) throws IOException {
        if (settings.subfolder() == null) {
            return Optional.of(settings.folderId());
        }
        Optional<String> existing = child(settings.folderId(), settings.subfolder());
        if (existing.isPresent() || !create) {
            return existing;
        }
        File folder = new File().setName(settings.subfolder()).setMimeType(FOLDER)
                .setParents(List.of(settings.folderId()));
        return Optional.of(call(() -> drive.files().create(folder).setSupportsAllDrives(true).setFields("id")
                .execute()).getId());
    }

    private Optional<String> child(String parentId, String folderName) throws IOException {
        FileList found = call(() -> drive.files().list()
                .setQ("'" + parentId + "' in parents and trashed = false and mimeType = '" + FOLDER + "' and name = '"
                        + folderName.replace("'", "\\'") + "'")
                .setFields("files(id, name)")
                .setSupportsAllDrives(true)
                .setIncludeItemsFromAllDrives(true)
                .execute());
        return found.getFiles().stream().map(File::getId).findFirst();
    }

    /** Retries Drive's rate-limit answers (403 rateLimitExceeded / userRateLimitExceeded); explains quota errors. */
    private <T> T call(IoCall<T> call) throws IOException {
        long wait = settings.retryInitial().toMillis();
        for (int attempt = 1;; attempt++) {
            try {
                return DriveClients.withRetryBudget(settings, call::run);
            } catch (GoogleJsonResponseException e) {
                Set<String> reasons = reasons(e.getDetails());
                if (reasons.contains("storageQuotaExceeded")) {
                    throw new IOException("Google Drive refused the upload: storage quota exceeded. Service accounts"
                            + " have no Drive storage of their own (since April 2025), so uploading into a Gmail"
                            + " user's folder shared with one fails. Use OAuth user credentials (GDRIVE_CLIENT_ID,"
                            + " GDRIVE_CLIENT_SECRET, GDRIVE_REFRESH_TOKEN) or a folder on a Workspace Shared Drive."
                            + " If it is your own account, free space in Drive.", e);
                }
                boolean rateLimited = reasons.contains("rateLimitExceeded")
                        || reasons.contains("userRateLimitExceeded");
                if (!rateLimited || attempt >= settings.maxAttempts()) {
                    throw new IOException("Google Drive answered " + e.getStatusCode() + ": " + message(e), e);
                }
                sleep(wait);
                wait *= 2;
            }
        }
    }

    private static Set<String> reasons(GoogleJsonError details) {
        if (details == null || details.getErrors() == null) {
            return Set.of();
        }
        Set<String> reasons = new java.util.HashSet<>();
        details.getErrors().forEach(e -> reasons.add(e.getReason()));
        return reasons;
    }

    private static String message(GoogleJsonResponseException e) {
        return e.getDetails() != null && e.getDetails().getMessage() != null
                ? e.getDetails().getMessage()
                : e.getStatusMessage();
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String md5(Path file) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("MD5"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }
}
