package dev.pistack.loomio.agent.drive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Google Drive v3 stand-in on loopback, for tests only: it speaks the wire protocol the real client library uses
 * (OAuth token endpoint with refresh-token and JWT-bearer grants; resumable upload sessions with Content-Range,
 * 308 + Range and status queries; files.create of folders; files.list with q and paging; alt=media with Range; delete) and injects faults.
 * A file exists only once its upload session received the last byte, as on Drive.
 */
public final class FakeDrive implements AutoCloseable {
    public static final String ROOT_FOLDER = "root-folder-id";
    public static final String REFRESH_TOKEN = "fake-refresh-token";
    private static final String FOLDER_MIME = "application/vnd.google-apps.folder";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stored file. */
    public record StoredFile(String id, String name, String parent, String mimeType, byte[] content) {
    }

    private record Session(JsonNode metadata, long total, ByteArrayOutputStream received) {
    }

    private final HttpServer server;
    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    /** createdTime of each file, as Drive reports it. */
    private final Map<String, java.time.Instant> created = new ConcurrentHashMap<>();
    /** Files in the trash (files.update trashed=true): still stored, left out of lists that ask trashed = false. */
    private final Set<String> trash = ConcurrentHashMap.newKeySet();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();

    /** Fail the next N chunk PUTs with 503. */
    public final AtomicInteger serverErrorsOnChunks = new AtomicInteger();
    /** Drop the connection in the middle of the next N chunk PUTs (half the body read, no response). */
    public final AtomicInteger dropsOnChunks = new AtomicInteger();
    /** Answer the next N list calls with 429. */
    public final AtomicInteger tooManyRequestsOnList = new AtomicInteger();
    /** Answer the next N list calls with 403 userRateLimitExceeded. */
    public final AtomicInteger rateLimitedOnList = new AtomicInteger();
    /** Refuse new uploads with 403 storageQuotaExceeded, as Drive does for service accounts since April 2025. */
    public volatile boolean quotaExceeded;
    /** Delay before answering each chunk, milliseconds: a slow link, so a test can act mid-upload. */
    public volatile int chunkDelayMillis;
    /** Answer every download (alt=media) with 503 backendError: an outage, however long the client retries. */
    public volatile boolean downloadsUnavailable;
    /** Answer every list (files.list) with 503 backendError: Drive cannot be listed, however long the client retries. */
    public volatile boolean listUnavailable;
    /**
     * The account's storage limit in bytes, as {@code about.storageQuota.limit} reports it; 0 for none (Drive then
     * leaves the field out). Usage is the bytes of every file, trashed ones included, as Drive counts them.
     */
    public volatile long storageLimit;
    /** At most this many files per list page, whatever the client asks for. */
    public volatile int pageSize = 100;

    /** Every request, as "METHOD path", for assertions. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The form bodies the token endpoint received. */
    public final List<Map<String, String>> tokenRequests = new CopyOnWriteArrayList<>();
    /** Errors of the fake itself (not injected faults): a test that sees any is wrong. */
    public final List<String> failures = new CopyOnWriteArrayList<>();
    /** Chunk PUTs that carried bytes. */
    public final AtomicInteger chunks = new AtomicInteger();

    /** A fake on loopback, for the agent in this JVM. */
    public FakeDrive() throws IOException {
        this("127.0.0.1");
    }

    /**
     * @param address where to listen, e.g. the local node's bridge address so that pods reach it (end-to-end tests)
     */
    public FakeDrive(String address) throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", ex -> {
            try {
                handle(ex);
            } catch (IOException | RuntimeException e) {
                if (!String.valueOf(e.getMessage()).startsWith("fault injected")) {
                    failures.add(ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
                }
                throw e;
            }
        });
        server.start();
        put(ROOT_FOLDER, new StoredFile(ROOT_FOLDER, "backups", null, FOLDER_MIME, new byte[0]));
    }

    /** @return the root URL to give the Drive client (ends with a slash) */
    public String rootUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                + "/";
    }

    public String tokenUri() {
        return rootUrl() + "token";
    }

    /** @return the environment an agent needs for this fake, with OAuth user credentials */
    public Map<String, String> oauthEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("GDRIVE_ENABLED", "true");
        env.put("GDRIVE_FOLDER_ID", ROOT_FOLDER);
        env.put("GDRIVE_CLIENT_ID", "client-id.apps.googleusercontent.com");
        env.put("GDRIVE_CLIENT_SECRET", "client-secret");
        env.put("GDRIVE_REFRESH_TOKEN", REFRESH_TOKEN);
        env.put("GDRIVE_ROOT_URL", rootUrl());
        env.put("GDRIVE_TOKEN_URI", tokenUri());
        env.put("GDRIVE_RETRY_INITIAL_MS", "10");
        env.put("GDRIVE_RETRY_MAX_ELAPSED_MS", "3000");
        return env;
    }

    /** @return the finished files in a folder, not in the trash */
    public List<StoredFile> filesIn(String folderId) {
        return files.values().stream().filter(f -> folderId.equals(f.parent()) && !trash.contains(f.id())).toList();
    }

    /** @return the files of a folder that were moved to the trash */
    public List<StoredFile> trashedIn(String folderId) {
        return files.values().stream().filter(f -> folderId.equals(f.parent()) && trash.contains(f.id())).toList();
    }

    public String createFolder(String name, String parent) {
        String id = "folder-" + ids.incrementAndGet();
        put(id, new StoredFile(id, name, parent, FOLDER_MIME, new byte[0]));
        return id;
    }

    public String putFile(String name, String parent, byte[] content) {
        String id = "file-" + ids.incrementAndGet();
        put(id, new StoredFile(id, name, parent, "application/octet-stream", content));
        return id;
    }

    /** @return upload sessions that never completed */
    public int openSessions() {
        return sessions.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        requests.add(method + " " + path);
        Map<String, String> query = params(ex.getRequestURI().getRawQuery());
        try (ex) {
            if (path.equals("/token") && method.equals("POST")) {
                token(ex);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !tokens.contains(auth.replaceFirst("^Bearer ", ""))) {
                error(ex, 401, "authError", "Invalid Credentials");
                return;
            }
            if (path.equals("/upload/drive/v3/files") && method.equals("POST")) {
                startUpload(ex);
            } else if (path.equals("/upload/drive/v3/files") && method.equals("PUT")) {
                chunk(ex, query.get("upload_id"));
            } else if (path.equals("/drive/v3/files") && method.equals("POST")) {
                createMetadataOnly(ex);
            } else if (path.equals("/drive/v3/files") && method.equals("GET")) {
                list(ex, query);
            } else if (path.startsWith("/drive/v3/files/") && method.equals("GET")) {
                get(ex, path.substring("/drive/v3/files/".length()), query);
            } else if (path.startsWith("/download/drive/v3/files/") && method.equals("GET")) {
                get(ex, path.substring("/download/drive/v3/files/".length()), query);
            } else if (path.startsWith("/drive/v3/files/") && (method.equals("PATCH") || method.equals("POST")
                    && "PATCH".equals(ex.getRequestHeaders().getFirst("X-HTTP-Method-Override")))) {
                update(ex, path.substring("/drive/v3/files/".length()));
            } else if (path.equals("/drive/v3/about") && method.equals("GET")) {
                about(ex);
            } else if (path.startsWith("/drive/v3/files/") && method.equals("DELETE")) {
                StoredFile removed = files.remove(path.substring("/drive/v3/files/".length()));
                ex.sendResponseHeaders(removed == null ? 404 : 204, -1);
            } else {
                error(ex, 404, "notFound", "no such endpoint " + method + " " + path);
            }
        }
    }

    private void token(HttpExchange ex) throws IOException {
        Map<String, String> form = params(new String(body(ex).readAllBytes(), StandardCharsets.UTF_8));
        tokenRequests.add(form);
        boolean ok = switch (form.getOrDefault("grant_type", "")) {
            case "refresh_token" -> REFRESH_TOKEN.equals(form.get("refresh_token"));
            case "urn:ietf:params:oauth:grant-type:jwt-bearer" ->
                form.getOrDefault("assertion", "").split("\\.").length == 3;
            default -> false;
        };
        if (!ok) {
            send(ex, 400, JSON.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        String token = "access-" + ids.incrementAndGet();
        tokens.add(token);
        send(ex, 200,
                JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer").put("expires_in", 3600));
    }

    /** @return the claims of the JWT a service account sent, decoded (unverified: the fake only inspects them) */
    public JsonNode lastJwtClaims() throws IOException {
        String assertion = tokenRequests.get(tokenRequests.size() - 1).get("assertion");
        return JSON.readTree(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]));
    }

    /** files.create without media: what a client does to create a folder. */
    private void createMetadataOnly(HttpExchange ex) throws IOException {
        JsonNode metadata = JSON.readTree(body(ex).readAllBytes());
        String id = "file-" + ids.incrementAndGet();
        StoredFile f = new StoredFile(id, metadata.path("name").asText(),
                metadata.path("parents").path(0).asText(ROOT_FOLDER), metadata.path("mimeType").asText(),
                new byte[0]);
        put(id, f);
        send(ex, 200, json(f));
    }

    private void startUpload(HttpExchange ex) throws IOException {
        JsonNode metadata = JSON.readTree(body(ex).readAllBytes());
        if (quotaExceeded) {
            error(ex, 403, "storageQuotaExceeded", "The user's Drive storage quota has been exceeded.");
            return;
        }
        String length = ex.getRequestHeaders().getFirst("X-Upload-Content-Length");
        String id = "session-" + ids.incrementAndGet();
        sessions.put(id,
                new Session(metadata, length == null ? -1 : Long.parseLong(length), new ByteArrayOutputStream()));
        ex.getResponseHeaders().add("Location",
                rootUrl() + "upload/drive/v3/files?uploadType=resumable&upload_id=" + id);
        ex.sendResponseHeaders(200, -1);
    }

    private static final Pattern RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Pattern STATUS = Pattern.compile("bytes \\*/(\\d+|\\*)");

    private void chunk(HttpExchange ex, String sessionId) throws IOException {
        Session s = sessions.get(sessionId);
        if (s == null) {
            error(ex, 404, "notFound", "upload session not found");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Content-Range");
        Matcher status = STATUS.matcher(range == null ? "" : range);
        if (status.matches()) {
            ex.getRequestBody().readAllBytes();
            resumeIncomplete(ex, s);
            return;
        }
        Matcher m = RANGE.matcher(range == null ? "" : range);
        if (!m.matches()) {
            error(ex, 400, "badRequest", "bad Content-Range " + range);
            return;
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (dropsOnChunks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            body(ex).readNBytes((int) ((last - first + 1) / 2));
            throw new IOException("fault injected: connection dropped mid-chunk");
        }
        byte[] body = body(ex).readAllBytes();
        if (serverErrorsOnChunks.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 503, "backendError", "fault injected: service unavailable");
            return;
        }
        synchronized (s) {
            if (first != s.received().size() || body.length != last - first + 1) {
                resumeIncomplete(ex, s);
                return;
            }
            s.received().write(body);
        }
        chunks.incrementAndGet();
        if (chunkDelayMillis > 0) {
            try {
                Thread.sleep(chunkDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
        if (total >= 0 && s.received().size() == total) {
            sessions.remove(sessionId);
            StoredFile f = new StoredFile("file-" + ids.incrementAndGet(), s.metadata().get("name").asText(),
                    s.metadata().path("parents").path(0).asText(ROOT_FOLDER), s.metadata().path("mimeType").asText(),
                    s.received().toByteArray());
            put(f.id(), f);
            send(ex, 200, json(f));
            return;
        }
        resumeIncomplete(ex, s);
    }

    private static void resumeIncomplete(HttpExchange ex, Session s) throws IOException {
        if (s.received().size() > 0) {
            ex.getResponseHeaders().add("Range", "bytes=0-" + (s.received().size() - 1));
        }
        ex.sendResponseHeaders(308, -1);
    }

    private static final Pattern PARENT = Pattern.compile("'([^']+)' in parents");
    private static final Pattern NAME = Pattern.compile("name = '([^']+)'");

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        if (tooManyRequestsOnList.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 429, "rateLimitExceeded", "fault injected: too many requests");
            return;
        }
        if (rateLimitedOnList.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 403, "userRateLimitExceeded", "fault injected: user rate limit exceeded");
            return;
        }
        if (listUnavailable) {
            error(ex, 503, "backendError", "fault injected: listing unavailable");
            return;
        }
        String q = query.getOrDefault("q", "");
        Matcher parent = PARENT.matcher(q);
        Matcher name = NAME.matcher(q);
        String parentId = parent.find() ? parent.group(1) : null;
        String wantName = name.find() ? name.group(1) : null;
        boolean foldersOnly = q.contains("mimeType = '" + FOLDER_MIME + "'");
        boolean noFolders = q.contains("mimeType != '" + FOLDER_MIME + "'");
        boolean notTrashed = q.contains("trashed = false");
        List<StoredFile> matching = new ArrayList<>(files.values().stream()
                .filter(f -> parentId == null || parentId.equals(f.parent()))
                .filter(f -> wantName == null || wantName.equals(f.name()))
                .filter(f -> !foldersOnly || FOLDER_MIME.equals(f.mimeType()))
                .filter(f -> !noFolders || !FOLDER_MIME.equals(f.mimeType()))
                .filter(f -> !notTrashed || !trash.contains(f.id()))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList());
        int from = Integer.parseInt(query.getOrDefault("pageToken", "0"));
        int size = Math.min(pageSize, Integer.parseInt(query.getOrDefault("pageSize", "100")));
        ObjectNode page = JSON.createObjectNode();
        ArrayNode out = page.putArray("files");
        matching.subList(Math.min(from, matching.size()), Math.min(from + size, matching.size()))
                .forEach(f -> out.add(json(f)));
        if (from + size < matching.size()) {
            page.put("nextPageToken", Integer.toString(from + size));
        }
        send(ex, 200, page);
    }

    /** files.update: only the trashed field is honoured. */
    private void update(HttpExchange ex, String id) throws IOException {
        StoredFile f = files.get(id);
        if (f == null) {
            error(ex, 404, "notFound", "File not found: " + id);
            return;
        }
        JsonNode metadata = JSON.readTree(body(ex).readAllBytes());
        if (metadata.path("trashed").asBoolean(false)) {
            trash.add(id);
        } else if (metadata.has("trashed")) {
            trash.remove(id);
        }
        send(ex, 200, json(f));
    }

    /** about.get: only storageQuota, with int64 values as strings as Drive writes them. */
    private void about(HttpExchange ex) throws IOException {
        long usage = files.values().stream().mapToLong(f -> f.content().length).sum();
        ObjectNode quota = JSON.createObjectNode().put("usage", Long.toString(usage));
        if (storageLimit > 0) {
            quota.put("limit", Long.toString(storageLimit));
        }
        send(ex, 200, JSON.createObjectNode().set("storageQuota", quota));
    }

    private void get(HttpExchange ex, String id, Map<String, String> query) throws IOException {
        StoredFile f = files.get(id);
        if (f == null) {
            error(ex, 404, "notFound", "File not found: " + id);
            return;
        }
        if (!"media".equals(query.get("alt"))) {
            send(ex, 200, json(f));
            return;
        }
        if (downloadsUnavailable) {
            error(ex, 503, "backendError", "fault injected: downloads unavailable");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Range");
        byte[] body = f.content();
        int status = 200;
        if (range != null) {
            Matcher m = Pattern.compile("bytes=(\\d+)-(\\d*)").matcher(range);
            if (m.matches()) {
                int first = Integer.parseInt(m.group(1));
                int last = m.group(2).isEmpty()
                        ? body.length - 1
                        : Math.min(body.length - 1, Integer.parseInt(m.group(2)));
                ex.getResponseHeaders().add("Content-Range", "bytes " + first + "-" + last + "/" + f.content().length);
                body = java.util.Arrays.copyOfRange(body, first, last + 1);
                status = 206;
            }
        }
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    /** The request body, decoded when the client compressed it (Content-Encoding: gzip, as Google's clients do). */
    private static java.io.InputStream body(HttpExchange ex) throws IOException {
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        return "gzip".equalsIgnoreCase(encoding)
                ? new java.util.zip.GZIPInputStream(ex.getRequestBody())
                : ex.getRequestBody();
    }

    private void put(String id, StoredFile f) {
        files.put(id, f);
        created.putIfAbsent(id, java.time.Instant.now());
    }

    private ObjectNode json(StoredFile f) {
        ObjectNode n = JSON.createObjectNode().put("kind", "drive#file").put("id", f.id()).put("name", f.name())
                .put("mimeType", f.mimeType())
                .put("createdTime", created.getOrDefault(f.id(), java.time.Instant.EPOCH).toString());
        if (!FOLDER_MIME.equals(f.mimeType())) {
            n.put("size", Long.toString(f.content().length)).put("md5Checksum", md5(f.content()));
        }
        n.putArray("parents").add(f.parent() == null ? "" : f.parent());
        return n;
    }

    private static String md5(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void error(HttpExchange ex, int code, String reason, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putArray("errors").addObject().put("domain", "global").put("reason", reason).put("message", message);
        send(ex, code, body);
    }

    private static void send(HttpExchange ex, int code, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> params(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
