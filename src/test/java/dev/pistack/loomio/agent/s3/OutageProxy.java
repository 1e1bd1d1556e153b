package dev.pistack.loomio.agent.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of a real server that can go down mid-request: after a budget of bytes from the clients it
 * cuts every connection and refuses new ones until {@link #heal()}, as a server that dies or a link that drops. The
 * bytes before the cut reach the server, so it sees a request that breaks off.
 */
public final class OutageProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final String upstreamHost;
    private final int upstreamPort;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean down;

    public OutageProxy(String upstreamHost, int upstreamPort) throws IOException {
        this.upstreamHost = upstreamHost;
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Lets this many more bytes through from the clients, then goes down. */
    public void failAfter(long clientBytes) {
        budget.set(clientBytes);
    }

    /** Comes back up: connections are accepted and forwarded again, without a budget. */
    public void heal() {
        budget.set(Long.MAX_VALUE);
        down = false;
    }

    /** @return true once the budget was spent */
    public boolean isDown() {
        return down;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(upstreamHost, upstreamPort);
                open.add(client);
                open.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, true));
                Thread.ofVirtual().start(() -> pump(server, client, false));
            } catch (IOException e) {
                // closed listener, or a server that refused: the client sees a closed connection either way
            }
        }
    }

    private void pump(Socket from, Socket to, boolean counted) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (down) {
                    break;
                }
                if (counted) {
                    long left = budget.getAndAdd(-n);
                    if (left < n) {
                        out.write(buffer, 0, (int) Math.max(0, left));
                        out.flush();
                        down = true;
                        cutAll();
                        return;
                    }
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed: close the other
        } finally {
            close(from);
            close(to);
        }
    }

    private void cutAll() {
        for (Socket socket : open) {
            close(socket);
        }
        open.clear();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
