package dev.pistack.loomio.agent.uploads;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.crypto.FernetInputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import dev.pistack.loomio.agent.store.BackupName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The list of the uploads a backup holds: for each file its path in the uploads volume, size, modification time and
 * blob. Stored in the uploads folder as {@code loomio-<kind>-YYYYMMDD-HHMMSS.uploads.enc} (the time and kind of the
 * database backup it belongs to): a Fernet token (Fernet spec) of gzipped JSON,
 * {@code {"instance": "ns/name", "backup": "<backup file name>", "files": [{"path", "size", "mtime", "blob"}]}}.
 *
 * @param instance the instance the files are of, {@code namespace/name}, or null when it names none
 * @param backup the database backup's file name
 * @param files every regular file, paths relative to the volume's root with {@code /} separators
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadsManifest(String instance, String backup, List<Entry> files) {
    /** Manifests of larger size are refused: a million files is about 40 MiB gzipped. */
    static final int MAX_BYTES = 256 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("loomio-([a-z]+)-(\\d{8}-\\d{6})\\.uploads\\.enc");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One file.
     *
     * @param path relative to the volume's root, {@code /}-separated, never {@code ..}
     * @param size bytes
     * @param mtime last modification, milliseconds since the epoch (restored with the file)
     * @param blob its blob's name ({@link BlobNames})
     */
    public record Entry(String path, long size, long mtime, String blob) {
    }

    /** @return the bytes of all files */
    public long bytes() {
        return files.stream().mapToLong(Entry::size).sum();
    }

    /** @return the same manifest with only the files that pass the filter */
    public UploadsManifest only(java.util.function.Predicate<Entry> filter) {
        return new UploadsManifest(instance, backup, files.stream().filter(filter).toList());
    }

    /** @return the manifest's file name for this backup */
    public static String fileName(BackupName backup) {
        String stamp = backup.fileName().replaceFirst("^loomio-[a-z]+-", "").replaceFirst("\\.sql(\\.gz)?\\.enc$", "");
        return "loomio-" + backup.kind() + "-" + stamp + ".uploads.enc";
    }

    /** @return the database backup a manifest's file name belongs to, or empty when it is not a manifest's name */
    public static Optional<BackupName> backupOf(String manifestFileName) {
        Matcher m = NAME.matcher(manifestFileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        return BackupName.parse("loomio-" + m.group(1) + "-" + m.group(2) + ".sql.gz.enc");
    }

    /** @return this manifest sealed with the key: the Fernet token's text, as bytes */
    public byte[] seal(FernetKey key, Instant now) throws IOException {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(new FernetOutputStream(token, key, now, iv))) {
            JSON.writeValue(out, this);
        }
        return token.toByteArray();
    }

    /**
     * @param token a manifest as stored
     * @return its content, once the whole token is authenticated
     * @throws IOException when it is not authentic under this key (wrong key, altered, truncated) or not a manifest
     */
    public static UploadsManifest open(FernetKey key, byte[] token) throws IOException {
        if (token.length > MAX_BYTES) {
            throw new IOException("the uploads manifest is " + token.length + " bytes, more than " + MAX_BYTES);
        }
        byte[] gzipped;
        try (FernetInputStream in = new FernetInputStream(new ByteArrayInputStream(token), key)) {
            gzipped = in.readAllBytes();
        }
        UploadsManifest manifest;
        try (InputStream json = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            manifest = JSON.readValue(json, UploadsManifest.class);
        } catch (IOException e) {
            throw new IOException("the uploads manifest is authentic but not a manifest: " + e.getMessage());
        }
        if (manifest.files() == null) {
            throw new IOException("the uploads manifest is authentic but lists no files");
        }
        for (Entry e : manifest.files()) {
            if (!UploadsTree.safePath(e.path()) || !BlobNames.isBlobName(e.blob())) {
                throw new IOException("the uploads manifest names an unsafe path or blob: " + e.path());
            }
        }
        return manifest;
    }
}
