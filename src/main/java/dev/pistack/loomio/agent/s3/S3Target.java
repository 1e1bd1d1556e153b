package dev.pistack.loomio.agent.s3;

import com.google.common.io.ByteStreams;
import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import dev.pistack.loomio.agent.store.StoredObject;
import dev.pistack.loomio.contract.Targets;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups as objects under {@link S3Settings#keyPrefix()} in one bucket, one object per backup, named by its file
 * name.
 *
 * <p>A backup larger than one part is sent as a multipart upload: S3 shows the object only once the upload is
 * completed, under its final key, so a failed or killed upload leaves nothing that {@link #list()} returns; a failed
 * one is aborted (a killed one leaves parts that a bucket lifecycle rule, {@code AbortIncompleteMultipartUpload}, cleans
 * up). Every part carries its Content-MD5, which the server checks, and the stored object's size is compared with the
 * staged file before the upload counts. Downloads are ranged reads of one part's size, resumed from the byte where a
 * broken one stopped.
 */
public final class S3Target implements BackupTarget {
    private static final String CONTENT_TYPE = "application/octet-stream";
    /** The wait before a download resumes where a broken range stopped. */
    private static final long DOWNLOAD_RETRY_WAIT_MILLIS = 1000;

    private final S3Client s3;
    private final S3Settings settings;

    /** @param s3 a client made by {@link S3Clients#create} */
    public S3Target(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
    }

    @Override
    public String kind() {
        return Targets.S3;
    }

    @Override
    public String address() {
        return kind() + ":" + (settings.endpoint() == null ? "aws" : settings.endpoint()) + "/" + settings.bucket()
                + "/" + settings.keyPrefix();
    }

    @Override
    public boolean local() {
        return false;
    }

    /** The objects right under the prefix whose names are backups', newest first; deeper keys are left out. */
    @Override
    public List<StoredBackup> list() throws IOException {
        return call("list", () -> {
            List<StoredBackup> backups = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket())
                    .prefix(settings.keyPrefix()).delimiter("/")).contents()) {
                BackupName.parse(object.key().substring(settings.keyPrefix().length()))
                        .ifPresent(n -> backups.add(new StoredBackup(n, object.key(), object.size())));
            }
            backups.sort((a, b) -> a.name().compareTo(b.name()));
            return backups;
        });
    }

    @Override
    public InputStream open(StoredBackup backup) throws IOException {
        return call("read " + backup.location(),
                () -> s3.getObject(r -> r.bucket(settings.bucket()).key(backup.location())));
    }

    /**
     * Reads the object in ranges of {@link S3Settings#partBytes()}; a range that breaks off mid-stream is asked for
     * again from the byte it stopped at, up to {@link S3Settings#maxAttempts()} times in a row. A request the server
     * refuses is retried by the SDK alone.
     *
     * @throws IOException when the server keeps failing, or out cannot be written (never retried)
     */
    @Override
    public void download(StoredBackup backup, OutputStream out) throws IOException {
        byte[] buffer = new byte[128 * 1024];
        long offset = 0;
        int failures = 0;
        while (offset < backup.sizeBytes()) {
            long end = Math.min(offset + settings.partBytes(), backup.sizeBytes()) - 1;
            String range = "bytes=" + offset + "-" + end;
            Exception broken = null;
            ResponseInputStream<GetObjectResponse> in = call("read " + backup.location(), () -> s3.getObject(
                    r -> r.bucket(settings.bucket()).key(backup.location()).range(range)));
            try {
                while (offset <= end) {
                    int n;
                    try {
                        n = in.read(buffer);
                    } catch (IOException | SdkException e) {
                        broken = e;
                        break;
                    }
                    if (n < 0) {
                        broken = new IOException("the range ended early");
                        break;
                    }
                    out.write(buffer, 0, n);
                    offset += n;
                    failures = 0;
                }
            } finally {
                // A broken stream's close can fail as well; the bytes read so far are kept either way.
                in.abort();
            }
            if (broken != null) {
                if (++failures >= settings.maxAttempts()) {
                    throw new IOException("S3 download of " + backup.location() + " broke off " + failures
                            + " times in a row at byte " + offset + ": " + broken.getMessage(), broken);
                }
                sleep(DOWNLOAD_RETRY_WAIT_MILLIS);
            }
        }
    }

    /**
     * @throws IOException when it could not be stored; a multipart upload that failed is aborted, and an object
     *     whose size the server reports wrong is deleted
     */
    @Override
    public StoredBackup store(Path staged, BackupName name) throws IOException {
        String key = settings.keyPrefix() + name.fileName();
        // A missing bucket or a wrong key answers a small request with its error; an upload's body would first be
        // sent in full, or cut off by servers that refuse early, and the reason lost.
        call("list", () -> s3.listObjectsV2(r -> r.bucket(settings.bucket()).prefix(settings.keyPrefix())
                .maxKeys(1)));
        put(staged, key);
        return new StoredBackup(name, key, Files.size(staged));
    }

    /**
     * One PUT with its Content-MD5, or a multipart upload for a file larger than a part; then the stored size is
     * checked against the file's.
     *
     * @return the stored object's metadata
     * @throws IOException when it could not be stored; a failed multipart upload is aborted, an object of the wrong
     *     size deleted
     */
    private HeadObjectResponse put(Path staged, String key) throws IOException {
        long size = Files.size(staged);
        if (size <= settings.partBytes()) {
            String md5 = md5(staged, 0, size);
            call("store " + key, () -> s3.putObject(r -> r.bucket(settings.bucket()).key(key).contentLength(size)
                    .contentMD5(md5).contentType(CONTENT_TYPE), RequestBody.fromFile(staged)));
        } else {
            multipart(staged, key, size);
        }
        HeadObjectResponse head = call("check " + key, () -> s3.headObject(r -> r.bucket(settings.bucket())
                .key(key)));
        if (head.contentLength() != size) {
            call("delete " + key, () -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(key)));
            throw new IOException("S3 stored " + head.contentLength() + " bytes of " + key + " for a " + size
                    + "-byte file; the object was deleted");
        }
        return head;
    }

    /** One PUT: S3 replaces an object all at once. */
    @Override
    public void storeCredentials(byte[] sealed) throws IOException {
        String key = settings.keyPrefix() + SealedCredentials.FILE_NAME;
        String md5 = md5(sealed);
        call("store " + key, () -> s3.putObject(r -> r.bucket(settings.bucket()).key(key).contentMD5(md5)
                .contentType(CONTENT_TYPE), RequestBody.fromBytes(sealed)));
    }

    @Override
    public List<byte[]> readCredentials() throws IOException {
        String key = settings.keyPrefix() + SealedCredentials.FILE_NAME;
        try {
            return List.of(call("read " + key, () -> s3.getObjectAsBytes(r -> r.bucket(settings.bucket())
                    .key(key))).asByteArray());
        } catch (IOException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return List.of();
            }
            throw e;
        }
    }

    /** Every object under {@code <prefix>uploads/}, page by page. */
    @Override
    public List<StoredObject> listUploads() throws IOException {
        String prefix = uploadsPrefix();
        return call("list", () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(settings.bucket()).prefix(prefix))
                    .contents()) {
                String name = object.key().substring(prefix.length());
                if (!name.isEmpty() && !name.contains("/")) {
                    objects.add(new StoredObject(name, object.size(), object.lastModified(), object.key()));
                }
            }
            return objects;
        });
    }

    /** As a backup is stored ({@link #put}). */
    @Override
    public StoredObject storeUpload(String name, Path staged) throws IOException {
        String key = uploadsPrefix() + name;
        return new StoredObject(name, Files.size(staged), put(staged, key).lastModified(), key);
    }

    @Override
    public void downloadUpload(StoredObject object, OutputStream out) throws IOException {
        download(new StoredBackup(null, object.location(), object.sizeBytes()), out);
    }

    @Override
    public void deleteUpload(StoredObject object) throws IOException {
        call("delete " + object.location(),
                () -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(object.location())));
    }

    private String uploadsPrefix() {
        return settings.keyPrefix() + UPLOADS_FOLDER + "/";
    }

    @Override
    public void delete(StoredBackup backup) throws IOException {
        call("delete " + backup.location(),
                () -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(backup.location())));
    }

    private void multipart(Path staged, String key, long size) throws IOException {
        String uploadId = call("start upload of " + key, () -> s3.createMultipartUpload(
                r -> r.bucket(settings.bucket()).key(key).contentType(CONTENT_TYPE))).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < size; offset += settings.partBytes(), number++) {
                long from = offset;
                long length = Math.min(settings.partBytes(), size - offset);
                int part = number;
                String md5 = md5(staged, from, length);
                String etag = call("upload part " + part + " of " + key, () -> s3.uploadPart(r -> r
                        .bucket(settings.bucket()).key(key).uploadId(uploadId).partNumber(part)
                        .contentLength(length).contentMD5(md5),
                        RequestBody.fromContentProvider(() -> slice(staged, from, length), length, CONTENT_TYPE)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            call("complete upload of " + key, () -> s3.completeMultipartUpload(r -> r.bucket(settings.bucket())
                    .key(key).uploadId(uploadId).multipartUpload(u -> u.parts(parts))));
        } catch (IOException | RuntimeException e) {
            try {
                call("abort upload of " + key, () -> s3.abortMultipartUpload(
                        r -> r.bucket(settings.bucket()).key(key).uploadId(uploadId)));
            } catch (IOException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** Opens the part's bytes afresh for each attempt, so the SDK can retry a part without buffering it. */
    private static InputStream slice(Path file, long offset, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ).position(offset);
            return ByteStreams.limit(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }

    /** @return base64 of the MD5 of length bytes from offset (Content-MD5, RFC 1864) */
    private static String md5(Path file, long offset, long length) throws IOException {
        try (DigestInputStream in = new DigestInputStream(slice(file, offset, length),
                MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return Base64.getEncoder().encodeToString(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every Java platform", e);
        }
    }

    /**
     * Runs one request, turning the SDK's unchecked errors into IOExceptions that say what failed and what to do; the
     * SDK already retried what it could.
     */
    private <T> T call(String what, Supplier<T> request) throws IOException {
        try {
            return request.get();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            throw new IOException("S3 could not " + what + " in bucket " + settings.bucket() + ": "
                    + e.statusCode() + " " + code + hint(code), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (SdkClientException e) {
            throw new IOException("S3 could not " + what + " at " + (settings.endpoint() == null
                    ? "AWS"
                    : settings.endpoint()) + ": " + e.getMessage(), e);
        }
    }

    private String hint(String code) {
        if (code == null) {
            return "";
        }
        return switch (code) {
            case "NoSuchBucket" -> ": the bucket does not exist; create it (the agent never creates buckets)";
            case "InvalidAccessKeyId", "SignatureDoesNotMatch" -> ": check S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY"
                    + " (and S3_REGION, which signatures include)";
            case "AccessDenied" -> ": the key may not do this; it needs list, read, write and delete on the bucket";
            default -> "";
        };
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
