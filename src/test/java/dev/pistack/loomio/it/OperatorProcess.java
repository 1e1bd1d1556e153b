package dev.pistack.loomio.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator under test for {@link EndToEnd} classes: the packaged operator (target/quarkus-app, built by
 * {@code mvn verify}) started as a process on the host in Quarkus' test profile (5 s memory sampling, 2 s re-check
 * of blocked instances, the agent image hack/build-image.sh built), under deploy/rbac.yaml's ServiceAccount
 * ({@link OperatorServiceAccount}), so a rule missing there fails the test that needs it. One process serves every
 * class that runs at the same time; it is restarted only for a class that needs other properties and stopped for one
 * that deploys its own operator (both {@code @Isolated}). Its log: target/e2e-operator.log.
 */
public final class OperatorProcess implements BeforeAllCallback {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Path LOG = Path.of("target/e2e-operator.log");
    private static final Duration START = Duration.ofMinutes(2);

    private static Process process;
    private static List<String> running;
    private static int port;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        EndToEnd endToEnd = context.getRequiredTestClass().getAnnotation(EndToEnd.class);
        if (endToEnd == null || !endToEnd.operator()) {
            stop();
        } else {
            ensure(List.of(endToEnd.operatorProperties()));
        }
    }

    /** @return the operator's HTTP address for that path (e.g. /q/metrics) */
    static synchronized URI uri(String path) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("the operator process is not running; see " + LOG);
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static synchronized void ensure(List<String> properties) throws IOException, InterruptedException {
        if (process != null && process.isAlive() && properties.equals(running)) {
            return;
        }
        stop();
        port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the failsafe JVM (pom.xml): jboss-threads needs it on Java 24+
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dquarkus.profile=test",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dkubeconfig=" + OperatorServiceAccount.install().toAbsolutePath()));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the end-to-end tests run the packaged operator"
                    + " (./mvnw package first; hack/test.sh does)");
        }
        Files.writeString(LOG, "=== " + Instant.now() + " operator started with " + properties + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile())).start();
        running = properties;
        awaitReady();
    }

    private static void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + LOG);
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the operator was not ready within " + START + "; see " + LOG);
    }

    private static synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy(); // SIGTERM: a graceful stop, as the kubelet does
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
        running = null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process last = process;
            if (last != null) {
                last.destroy();
                try {
                    last.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                last.destroyForcibly();
            }
        }));
    }
}
