package dev.pistack.loomio.agent.drive;

import dev.pistack.loomio.contract.AgentCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Google Drive settings, from the seed system's environment variables.
 *
 * <ul>
 *   <li>{@code GDRIVE_ENABLED} (true/1/yes; when unset, Drive is on when the folder is set),
 *       {@code GDRIVE_FOLDER_ID}: the folder backups go to (a Shared Drive folder
 *       for service accounts).</li>
 *   <li>OAuth user credentials, what works for personal Gmail accounts: {@code GDRIVE_CLIENT_ID},
 *       {@code GDRIVE_CLIENT_SECRET}, and {@code GDRIVE_REFRESH_TOKEN} or {@code GDRIVE_TOKEN} (the token JSON rclone
 *       writes; its refresh_token is used).</li>
 *   <li>Or a service account: {@code GDRIVE_CREDENTIALS} (the key JSON, or a path to it), with {@code GDRIVE_SUBJECT}
 *       for domain-wide delegation.</li>
 *   <li>{@code GDRIVE_SUBFOLDER}: keep backups in this subfolder of the folder (created on the first backup), so that
 *       several installations can share one folder without ever reading each other's backups.</li>
 *   <li>{@code GDRIVE_LEGACY_ENVIRONMENT} (default production): pi-stack kept backups in
 *       {@code <environment>/backups/} under the folder; they are listed and restored too.</li>
 *   <li>{@code GDRIVE_RETRY_MAX_ELAPSED_MS} (default 600000): how long an operation keeps retrying.</li>
 *   <li>For tests: {@code GDRIVE_ROOT_URL}, {@code GDRIVE_TOKEN_URI}, {@code GDRIVE_RETRY_INITIAL_MS}.</li>
 * </ul>
 * {@link #toString()} never shows a secret.
 *
 * @param folderId the folder's file ID
 * @param subfolder the name of the subfolder backups are kept in, or null for the folder itself
 * @param chunkBytes resumable-upload chunk size, a multiple of 256 KiB
 * @param retryInitial first retry delay; it doubles up to 32 s
 * @param retryMaxElapsed how long one operation (an upload is many requests) may keep retrying before it fails
 * @param maxAttempts attempts of a request Drive refused for rate limits
 */
public record DriveSettings(String folderId, String subfolder, String clientId, String clientSecret,
        String refreshToken,
        String serviceAccountJson, String subject, String legacyEnvironment, String rootUrl,
        String tokenUri, int chunkBytes, Duration retryInitial, Duration retryMaxElapsed,
        int maxAttempts) {
    /** Google's API root. */
    public static final String GOOGLE_ROOT_URL = "https://www.googleapis.com/";
    /** Google's OAuth token endpoint. */
    public static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";
    /** 16 MiB: large enough for throughput, small enough for a Pi's RAM. */
    public static final int DEFAULT_CHUNK = 16 * 1024 * 1024;

    /** @return what GDRIVE_ENABLED says; when it is not set, whether GDRIVE_FOLDER_ID is */
    public static boolean enabled(Map<String, String> env) {
        String v = env.getOrDefault("GDRIVE_ENABLED", "").strip().toLowerCase();
        if (v.isEmpty()) {
            return get(env, "GDRIVE_FOLDER_ID") != null;
        }
        return v.equals("true") || v.equals("1") || v.equals("yes");
    }

    /**
     * @throws IllegalArgumentException when the folder or the credentials are missing or unreadable, saying which
     *     variable to set; the message never holds a secret
     */
    public static DriveSettings fromEnvironment(Map<String, String> env) {
        String folder = get(env, "GDRIVE_FOLDER_ID");
        if (folder == null) {
            throw new IllegalArgumentException(
                    "GDRIVE_FOLDER_ID is not set: give the ID of the Drive folder for backups");
        }
        String refresh = get(env, "GDRIVE_REFRESH_TOKEN");
        if (refresh == null && get(env, "GDRIVE_TOKEN") != null) {
            refresh = RcloneToken.refreshToken(get(env, "GDRIVE_TOKEN"));
        }
        String account = get(env, "GDRIVE_CREDENTIALS");
        if (account != null && !account.stripLeading().startsWith("{")) {
            try {
                account = Files.readString(Path.of(account), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("GDRIVE_CREDENTIALS is neither service-account JSON nor a readable"
                        + " file path");
            }
        }
        String clientId = get(env, "GDRIVE_CLIENT_ID");
        String clientSecret = get(env, "GDRIVE_CLIENT_SECRET");
        if (refresh != null && (clientId == null || clientSecret == null)) {
            throw new IllegalArgumentException("a Drive refresh token needs GDRIVE_CLIENT_ID and GDRIVE_CLIENT_SECRET,"
                    + " the OAuth client it was issued to");
        }
        if (refresh == null && account == null) {
            throw new IllegalArgumentException("no Drive credentials: set GDRIVE_CLIENT_ID, GDRIVE_CLIENT_SECRET and"
                    + " GDRIVE_REFRESH_TOKEN (or GDRIVE_TOKEN) for a Gmail account, or GDRIVE_CREDENTIALS for a"
                    + " service account with a Shared Drive");
        }
        return new DriveSettings(folder, get(env, AgentCli.ENV_DRIVE_SUBFOLDER), clientId, clientSecret, refresh,
                refresh == null ? account : null,
                get(env, "GDRIVE_SUBJECT"), env.getOrDefault("GDRIVE_LEGACY_ENVIRONMENT", "production"),
                env.getOrDefault("GDRIVE_ROOT_URL", GOOGLE_ROOT_URL),
                env.getOrDefault("GDRIVE_TOKEN_URI", GOOGLE_TOKEN_URI),
                DEFAULT_CHUNK, Duration.ofMillis(Long.parseLong(env.getOrDefault("GDRIVE_RETRY_INITIAL_MS", "1000"))),
                Duration.ofMillis(Long.parseLong(env.getOrDefault("GDRIVE_RETRY_MAX_ELAPSED_MS", "600000"))), 6);
    }

    /** @return a copy with another chunk size (tests use small chunks to exercise resumption) */
    public DriveSettings withChunkBytes(int bytes) {
        if (bytes % (256 * 1024) != 0) {
            throw new IllegalArgumentException("Drive upload chunks are multiples of 256 KiB");
        }
        return new DriveSettings(folderId, subfolder, clientId, clientSecret, refreshToken, serviceAccountJson, subject,
                legacyEnvironment, rootUrl, tokenUri, bytes, retryInitial, retryMaxElapsed, maxAttempts);
    }

    @Override
    public String toString() {
        return "DriveSettings(folder=" + folderId + (subfolder != null ? ", subfolder=" + subfolder : "") + ", auth="
                + (refreshToken != null ? "oauth-user" : "service-account")
                + (subject != null ? ", subject=" + subject : "") + ", root=" + rootUrl + ")";
    }

    private static String get(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
