package dev.pistack.loomio.agent.io;

import dev.pistack.loomio.contract.ProgressReport;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Prints a {@link ProgressReport} line every interval while a phase runs, from a daemon thread, so a long download,
 * verification or dump is visible while it happens. Nothing is printed between phases or after {@link #close()}.
 */
public final class ProgressReporter implements AutoCloseable {
    /** Seconds between lines unless {@code LOOMIO_PROGRESS_INTERVAL_SECONDS} says otherwise. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    private record Phase(String name, String backup, String source, Long total, LongSupplier done, Instant start) {
    }

    private final PrintStream out;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private volatile Phase phase;

    /**
     * @param out where the lines go (the container's output the operator reads)
     * @param interval time between lines
     */
    public ProgressReporter(PrintStream out, Clock clock, Duration interval) {
        this.out = out;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "progress");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(this::print, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a phase; the next lines report it.
     *
     * @param name one of {@link ProgressReport}'s phases
     * @param totalBytes what the phase will take, or null when not known
     * @param done bytes done so far, read at each line (from another thread: it must be safe to call there)
     */
    public void phase(String name, String backup, String source, Long totalBytes, LongSupplier done) {
        phase = new Phase(name, backup, source, totalBytes, done, clock.instant());
    }

    /** Ends the current phase: no lines until the next one. */
    public void idle() {
        phase = null;
    }

    /** @return the current phase's report, or null between phases */
    public ProgressReport report() {
        Phase p = phase;
        if (p == null) {
            return null;
        }
        long done = p.done().getAsLong();
        long millis = Math.max(1, Duration.between(p.start(), clock.instant()).toMillis());
        return new ProgressReport(p.name(), p.backup(), p.source(), done, p.total(), done * 1000 / millis);
    }

    private void print() {
        ProgressReport r = report();
        if (r != null) {
            out.println(r.line());
            out.flush();
        }
    }

    @Override
    public void close() {
        phase = null;
        timer.shutdownNow();
    }
}
