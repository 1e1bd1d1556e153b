package dev.pistack.loomio.agent.credentials;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.agent.crypto.FernetInputStream;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.crypto.FernetOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A copy of the credentials Secret, sealed with the backup key: a Fernet token (Fernet spec) of the JSON
 * {@code {"instance": "<namespace>/<name>", "data": {"<key>": "<value>", ...}}}, kept as {@value #FILE_NAME} beside the
 * backups of each target. The token's timestamp is when it was sealed; the newest authentic copy wins.
 */
public final class SealedCredentials {
    /** Its file or object name in each target's folder; no backup name matches it. */
    public static final String FILE_NAME = "loomio-credentials.json.enc";
    /** Larger copies are refused: the Secret holds a few passwords and keys, not megabytes. */
    public static final int MAX_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An authentic copy.
     *
     * @param sealedAt the token's timestamp
     * @param instance the instance it was taken from, {@code namespace/name}, or null when it names none
     * @param data the Secret's keys and values (values as text)
     */
    public record Opened(Instant sealedAt, String instance, Map<String, String> data) {
        @Override
        public String toString() {
            return "SealedCredentials.Opened(sealedAt=" + sealedAt + ", instance=" + instance + ", keys="
                    + data.keySet() + ")";
        }
    }

    private SealedCredentials() {
    }

    /**
     * @param instance {@code namespace/name}, or null
     * @return the Fernet token's text, as bytes
     */
    public static byte[] seal(FernetKey key, Map<String, String> data, String instance, Instant now)
            throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("instance", instance);
        document.put("data", new TreeMap<>(data));
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        ByteArrayOutputStream token = new ByteArrayOutputStream();
        try (OutputStream out = new FernetOutputStream(token, key, now, iv)) {
            out.write(JSON.writeValueAsBytes(document));
        }
        return token.toByteArray();
    }

    /**
     * @param token a copy's bytes, as stored
     * @return its content, once the whole token is authenticated
     * @throws IOException when it is not authentic under this key (wrong key, altered, truncated), too large, or not
     *     such a document; the message never holds a value
     */
    public static Opened open(FernetKey key, byte[] token) throws IOException {
        if (token.length > MAX_BYTES) {
            throw new IOException("the credentials copy is " + token.length + " bytes, more than " + MAX_BYTES);
        }
        byte[] plain;
        Instant sealedAt;
        try (FernetInputStream in = new FernetInputStream(new ByteArrayInputStream(token), key)) {
            plain = in.readAllBytes();
            sealedAt = in.timestamp();
        }
        JsonNode document;
        try {
            document = JSON.readTree(plain);
        } catch (IOException e) {
            throw new IOException("the credentials copy is authentic but not a credentials document");
        }
        if (document == null || !document.path("data").isObject()) {
            throw new IOException("the credentials copy is authentic but not a credentials document");
        }
        Map<String, String> data = JSON.convertValue(document.get("data"),
                new TypeReference<TreeMap<String, String>>() {
                });
        JsonNode instance = document.get("instance");
        return new Opened(sealedAt, instance == null || instance.isNull() ? null : instance.asText(), data);
    }

    /**
     * Reads a Secret mounted as a volume: one file per key. The kubelet's own entries ({@code ..data} and the
     * timestamped directory it points to) start with dots and are skipped.
     *
     * @return key → value (UTF-8 text)
     * @throws IOException when the directory cannot be read or holds no key
     */
    public static Map<String, String> readDirectory(Path dir) throws IOException {
        Map<String, String> data = new TreeMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".") && Files.isRegularFile(entry)) {
                    data.put(name, Files.readString(entry, StandardCharsets.UTF_8));
                }
            }
        }
        if (data.isEmpty()) {
            throw new IOException("no credentials in " + dir);
        }
        return data;
    }
}
