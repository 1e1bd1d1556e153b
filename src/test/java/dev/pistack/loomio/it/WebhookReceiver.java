package dev.pistack.loomio.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An HTTP server on loopback that keeps every POST to its path, as a chat or ntfy server would receive them, and
 * answers 200 (or the status the test sets, to inject a fault).
 */
final class WebhookReceiver implements AutoCloseable {
    /**
     * One request.
     *
     * @param contentType its Content-Type
     * @param headers its headers, first value each
     * @param body its body
     */
    record Request(String contentType, Map<String, String> headers, byte[] body) {
    }

    private final HttpServer server;
    private final String path;
    private final List<Request> received = new ArrayList<>();
    /** The status of each answer; 200 unless a test sets another. */
    volatile int status = 200;
    /** Answers 503 Service Unavailable to this many requests first, as a receiver restarting. */
    final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();

    /** @param path the secret part of the URL, as a chat service's token */
    WebhookReceiver(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(path, exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            if ("POST".equals(exchange.getRequestMethod())) {
                synchronized (received) {
                    received.add(new Request(headers.get("Content-Type"), headers, body));
                }
            }
            int answer = failuresLeft.getAndDecrement() > 0 ? 503 : status;
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        server.start();
    }

    /** @return the URL to POST to */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** @return the POSTs received so far, oldest first */
    List<Request> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
