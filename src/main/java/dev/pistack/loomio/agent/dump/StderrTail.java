package dev.pistack.loomio.agent.dump;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Drains a child process's stderr on a thread and keeps its last 2000 characters for error messages. */
final class StderrTail {
    private static final int KEEP = 2000;
    private final StringBuilder tail = new StringBuilder();
    private final Thread thread;

    StderrTail(InputStream stderr, String name) {
        thread = Thread.ofVirtual().name(name + "-stderr").start(() -> {
            byte[] buf = new byte[4096];
            try (stderr) {
                int n;
                while ((n = stderr.read(buf)) != -1) {
                    append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // The process is gone; what was read so far is kept.
            }
        });
    }

    private synchronized void append(String s) {
        tail.append(s);
        if (tail.length() > KEEP) {
            tail.delete(0, tail.length() - KEEP);
        }
    }

    /** @return what the process wrote last, after it ended */
    String text() throws InterruptedException {
        thread.join(5000);
        synchronized (this) {
            return tail.toString().strip();
        }
    }
}
