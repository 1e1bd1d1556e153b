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

/**
 * The packaged operator (target/quarkus-app, built by {@code mvn package}) run as a process on this machine in
 * Quarkus' test profile (5 s memory sampling, 2 s re-check of blocked instances, the agent image
 * hack/build-image.sh built; no leader election), under the credentials of a kubeconfig file.
 */
final class PackagedOperator implements AutoCloseable {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final Duration START = Duration.ofMinutes(2);

    private final Process process;
    private final int port;
    private final Path log;
    final List<String> properties;

    private PackagedOperator(Process process, int port, Path log, List<String> properties) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.properties = properties;
    }

    /**
     * Starts the operator and waits until it is ready (/q/health/ready answers 200: its controllers started).
     *
     * @param kubeconfig the credentials it runs with (e.g. a ServiceAccount token)
     * @param properties configuration properties, {@code key=value}
     * @param log the file its output is appended to
     * @throws IllegalStateException when the jar is missing, or the operator exits or is not ready within 2 minutes
     */
    static PackagedOperator start(Path kubeconfig, List<String> properties, Path log)
            throws IOException, InterruptedException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run the packaged operator"
                    + " (./mvnw package first; hack/test.sh does)");
        }
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // as the failsafe JVM (pom.xml): jboss-threads needs it on Java 24+
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dquarkus.profile=test",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dkubeconfig=" + kubeconfig.toAbsolutePath()));
        properties.forEach(p -> command.add("-D" + p));
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString()));
        Files.writeString(log, "=== " + Instant.now() + " operator started with " + properties + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        PackagedOperator operator = new PackagedOperator(process, port, log, List.copyOf(properties));
        try {
            operator.awaitReady();
        } catch (RuntimeException | InterruptedException e) {
            operator.close();
            throw e;
        }
        return operator;
    }

    /** @return true while the process runs */
    boolean alive() {
        return process.isAlive();
    }

    /** @return the operator's HTTP address for that path (e.g. /q/metrics) */
    URI uri(String path) {
        if (!process.isAlive()) {
            throw new IllegalStateException("the operator process is not running; see " + log);
        }
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(START);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log);
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
        throw new IllegalStateException("the operator was not ready within " + START + "; see " + log);
    }

    /** Stops it as the kubelet does: SIGTERM, and after 30 s SIGKILL. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
