package dev.pistack.loomio.agent.dump;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A plain-format SQL dump being produced: by a pg_dump child process, or read from a file, FIFO or stdin.
 * Read {@link #stream()} to its end, then call {@link #finish()}, which fails when the producer did.
 */
public abstract class DumpSource implements AutoCloseable {
    /** @return the dump's bytes */
    public abstract InputStream stream();

    /** Waits for the producer; throws when it failed (pg_dump's exit status). */
    public abstract void finish() throws IOException;

    /** @return what produces the dump, for messages */
    public abstract String describe();

    @Override
    public void close() {
    }

    /**
     * Starts {@code pg_dump -F p --no-owner --no-acl}, the seed system's format.
     *
     * @param pgDump the pg_dump executable
     */
    public static DumpSource pgDump(String pgDump, Database db) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(pgDump, "-F", "p", "--no-owner", "--no-acl"));
        db.applyTo(pb.environment());
        Process process = pb.redirectInput(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        StderrTail stderr = new StderrTail(process.getErrorStream(), "pg_dump");
        return new DumpSource() {
            @Override
            public InputStream stream() {
                return process.getInputStream();
            }

            @Override
            public void finish() throws IOException {
                try {
                    int exit = process.waitFor();
                    if (exit != 0) {
                        throw new IOException("pg_dump of " + db + " failed with exit status " + exit
                                + (exit > 128 ? " (killed by signal " + (exit - 128) + ")" : "") + ": "
                                + stderr.text());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for pg_dump", e);
                }
            }

            @Override
            public String describe() {
                return "pg_dump " + db;
            }

            @Override
            public void close() {
                process.destroyForcibly();
            }
        };
    }

    /** A dump read from a stream (file, FIFO, stdin): no exit status, so only the trailer tells completeness. */
    public static DumpSource of(InputStream in, String description) {
        return new DumpSource() {
            @Override
            public InputStream stream() {
                return in;
            }

            @Override
            public void finish() {
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public void close() {
                try {
                    in.close();
                } catch (IOException e) {
                    // Nothing more to read from it either way.
                }
            }
        };
    }
}
