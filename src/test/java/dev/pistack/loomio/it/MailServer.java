package dev.pistack.loomio.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.HackScripts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real SMTP server for tests: Mailpit, the binary {@code hack/mailpit.sh} builds ({@code LOOMIO_MAILPIT}, or the
 * script's output when that is unset), on free loopback ports. It requires SMTP authentication (any user name and
 * password; it records the user name) and lists what it received through its HTTP API.
 */
final class MailServer implements AutoCloseable {
    /**
     * One received message.
     *
     * @param from the envelope sender's address
     * @param to the recipients' addresses
     * @param subject the Subject header
     * @param text the plain-text body
     * @param username the SMTP AUTH user name the client logged in with
     */
    record Mail(String from, List<String> to, String subject, String text, String username) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;
    private final int smtpPort;
    private final int apiPort;
    private final Path log;

    MailServer() throws IOException {
        smtpPort = freePort();
        apiPort = freePort();
        log = Files.createTempFile("mailpit-", ".log");
        process = new ProcessBuilder(binary(), "--listen", "127.0.0.1:" + apiPort, "--smtp", "127.0.0.1:" + smtpPort,
                "--smtp-auth-accept-any", "--smtp-auth-allow-insecure", "--smtp-disable-rdns",
                "--disable-version-check")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("mailpit exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", smtpPort), 200);
                s.close();
                messages();
                return;
            } catch (IOException notYet) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("mailpit did not serve within 20 s: " + Files.readString(log), notYet);
                }
                sleep();
            }
        }
    }

    /** @return the SMTP port on 127.0.0.1 */
    int smtpPort() {
        return smtpPort;
    }

    /** @return every message received so far, oldest first */
    List<Mail> messages() throws IOException {
        JsonNode list = get("/api/v1/messages?limit=500");
        List<Mail> out = new ArrayList<>();
        for (JsonNode m : list.get("messages")) {
            JsonNode full = get("/api/v1/message/" + m.get("ID").asText());
            List<String> to = new ArrayList<>();
            for (String field : List.of("To", "Cc", "Bcc")) {
                if (full.hasNonNull(field)) {
                    full.get(field).forEach(a -> to.add(a.get("Address").asText()));
                }
            }
            out.add(new Mail(full.get("From").get("Address").asText(), to, full.get("Subject").asText(),
                    full.get("Text").asText(), m.path("Username").asText()));
        }
        return out.reversed();
    }

    private JsonNode get(String path) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("mailpit " + path + ": HTTP " + r.statusCode());
            }
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String binary() throws IOException {
        return HackScripts.tool("LOOMIO_MAILPIT", "hack/mailpit.sh");
    }
}
