package dev.pistack.loomio.agent.s3;

import dev.pistack.loomio.HackScripts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 server for tests: versitygw over a temporary directory, the binary that {@code hack/s3.sh} builds
 * ({@code LOOMIO_S3_SERVER}, or the script's output when that is unset), on a free port of the given address. It can
 * be stopped and started again on the same port and data, as an outage.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "loomio-test-access";
    /** The root user's secret key; the tests look for it in output that must never show it. */
    public static final String SECRET_KEY = "loomio-test-secret-4f1c9e";

    private final String host;
    private final int port;
    private final Path data;
    private Process process;

    /** Starts a server on loopback. */
    public S3Server() throws IOException {
        this("127.0.0.1");
    }

    /** @param host the address to listen on (the node's bridge address, for pods) */
    public S3Server(String host) throws IOException {
        this.host = host;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            this.port = free.getLocalPort();
        }
        this.data = Files.createTempDirectory("s3-server-");
        start();
    }

    /** Starts the server (again) on the same port and data; returns once it accepts connections. */
    public synchronized void start() throws IOException {
        Path log = data.resolveSibling(data.getFileName() + ".log");
        process = new ProcessBuilder(binary(), "--access", ACCESS_KEY, "--secret", SECRET_KEY, "--port",
                host + ":" + port, "--quiet", "posix", data.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IOException("versitygw exited with " + process.exitValue() + ": "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IOException("versitygw did not listen on " + host + ":" + port + " within 20 s");
    }

    /** Stops the server at once (SIGKILL): connections in flight break, new ones are refused. */
    public synchronized void stop() throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** @return the S3_* keys a user puts into the backup Secret for this server and bucket */
    public Map<String, String> env(String bucket) {
        Map<String, String> env = new HashMap<>();
        env.put("S3_BUCKET", bucket);
        env.put("S3_ENDPOINT", endpoint().toString());
        env.put("S3_REGION", "us-east-1");
        env.put("S3_FORCE_PATH_STYLE", "true");
        env.put("S3_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("S3_SECRET_ACCESS_KEY", SECRET_KEY);
        return env;
    }

    /** @return a client of the server, as the agent builds it */
    public S3Client client(String bucket) {
        return S3Clients.create(S3Settings.fromEnvironment(env(bucket)));
    }

    /** Creates a bucket; @return its name */
    public String createBucket(String bucket) {
        try (S3Client s3 = client(bucket)) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        return bucket;
    }

    /** @return every object's key in the bucket, at any depth */
    public List<String> keys(String bucket) {
        try (S3Client s3 = client(bucket)) {
            return s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        }
    }

    /** @return the multipart uploads started and neither completed nor aborted */
    public List<MultipartUpload> incompleteUploads(String bucket) {
        try (S3Client s3 = client(bucket)) {
            return s3.listMultipartUploads(r -> r.bucket(bucket)).uploads();
        }
    }

    /** Stops the server and deletes its data. */
    @Override
    public void close() throws IOException {
        stop();
        try (var files = Files.walk(data)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String binary() throws IOException {
        return HackScripts.tool("LOOMIO_S3_SERVER", "hack/s3.sh");
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
