package dev.pistack.loomio.agent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.contract.ProgressReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
    @Test
    void printsThePhaseWhileItRunsAndNothingBetweenPhases() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong done = new AtomicLong();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                ProgressReporter reporter = new ProgressReporter(out, Clock.systemUTC(), Duration.ofMillis(50))) {
            Thread.sleep(200);
            assertThat(bytes.size()).as("no phase, no line").isZero();

            reporter.phase(ProgressReport.DOWNLOAD, "b.sql.gz.enc", "drive", 1000L, done::get);
            done.set(400);
            await().atMost(Duration.ofSeconds(5)).until(() -> bytes.toString(StandardCharsets.UTF_8)
                    .contains("\"doneBytes\":400"));
            ProgressReport r = ProgressReport.newest(bytes.toString(StandardCharsets.UTF_8)).orElseThrow();
            assertThat(r.progress()).isEqualTo(ProgressReport.DOWNLOAD);
            assertThat(r.totalBytes()).isEqualTo(1000L);
            assertThat(r.source()).isEqualTo("drive");

            reporter.idle();
            Thread.sleep(100);
            int size = bytes.size();
            Thread.sleep(200);
            assertThat(bytes.size()).as("idle: no more lines").isEqualTo(size);
        }
    }
}
