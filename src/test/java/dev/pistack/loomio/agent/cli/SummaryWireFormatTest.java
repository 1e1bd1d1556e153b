package dev.pistack.loomio.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.RejectionReason;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.RestoreTestFailure;
import dev.pistack.loomio.contract.RestoreTestOutcome;
import dev.pistack.loomio.contract.RestoreTestSummary;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.contract.Targets;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The termination messages between agent and operator, pinned (src/test/resources/contract/README.md): today's
 * summaries written by the agent's own writer equal the pinned lines, and every pinned line, an older agent's and a
 * newer one's included, parses with the operator's reader.
 */
class SummaryWireFormatTest {
    private static final Path PINNED = Path.of("src/test/resources/contract");
    private static final String NAME = "loomio-backup-hourly-20261206T100000Z.sql.gz.fernet";
    private static final String TOKEN = "v1-0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static BackupSummary backup() {
        Map<String, Long> rows = new LinkedHashMap<>();
        rows.put("users", 3L);
        rows.put("groups", 1L);
        return new BackupSummary("backup", BackupOutcome.OK, NAME, List.of(
                BackupSummary.TargetResult.stored(Targets.LOCAL, "/backups/" + NAME,
                        List.of("loomio-backup-hourly-20261204T100000Z.sql.gz.fernet"),
                        new BackupSummary.Inventory(NAME, 48, 1_048_576), null),
                BackupSummary.TargetResult.failed(Targets.DRIVE, new BackupSummary.Inventory(
                        "loomio-backup-hourly-20261206T090000Z.sql.gz.fernet", 47, 1_000_000), "Drive answered 503")),
                4096, 1024, 1.5, true, rows, "ab12cd34", "not every target stored the backup", TOKEN);
    }

    static BackupSummary skipped() {
        return BackupSummary.skipped(TOKEN, 0.25, "ab12cd34");
    }

    static RestoreSummary restore() {
        return new RestoreSummary("restore", RestoreOutcome.RESTORED, Targets.DRIVE, NAME, List.of(
                new RestoreSummary.Attempt("loomio-backup-hourly-20261206T110000Z.sql.gz.fernet", Targets.LOCAL,
                        RejectionReason.TRUNCATED.code(), "cut short at byte 512")),
                4096L, 2.25, "ab12cd34", null);
    }

    static RestoreTestSummary restoreTest() {
        return new RestoreTestSummary("restore-test", RestoreTestOutcome.FAILED, Targets.LOCAL, NAME,
                RestoreTestFailure.ROWS_DIFFER.code(), 4096L, 12, 40L, Map.of("users", 3L),
                List.of("users: dump 3, restored 2"), 3.0, "ab12cd34", "1 table holds other rows than the dump");
    }

    @Test
    void todaysSummariesAreThePinnedLines() throws IOException {
        assertThat(written(backup())).isEqualTo(pinned("backup.json"));
        assertThat(written(skipped())).isEqualTo(pinned("backup-skipped.json"));
        assertThat(written(restore())).isEqualTo(pinned("restore.json"));
        assertThat(written(restoreTest())).isEqualTo(pinned("restore-test.json"));
    }

    @Test
    void thePinnedLinesParseIntoTheSameRecords() throws IOException {
        assertThat(Summaries.parse(line("backup.json"), BackupSummary.class)).hasValue(backup());
        assertThat(Summaries.parse(line("backup-skipped.json"), BackupSummary.class)).hasValue(skipped());
        assertThat(Summaries.parse(line("restore.json"), RestoreSummary.class)).hasValue(restore());
        assertThat(Summaries.parse(line("restore-test.json"), RestoreTestSummary.class)).hasValue(restoreTest());
    }

    @Test
    void anOlderAgentsLineParsesWithoutTheFieldsItLacked() throws IOException {
        BackupSummary old = Summaries.parse(line("backup-older-agent.json"), BackupSummary.class).orElseThrow();
        assertThat(old.status()).isEqualTo(BackupOutcome.OK);
        assertThat(old.rows()).isNull();
        assertThat(old.targets()).singleElement().satisfies(t -> {
            assertThat(t.inventory()).isNull();
            assertThat(t.status()).isEqualTo(BackupOutcome.OK);
        });
    }

    @Test
    void aNewerAgentsUnknownFieldsAreIgnoredAndAnUnknownOutcomeIsNoSuccess() throws IOException {
        BackupSummary newer = Summaries.parse(line("backup-newer-agent.json"), BackupSummary.class).orElseThrow();
        assertThat(newer.status()).as("partially-stored is unknown here").isNull();
        assertThat(newer.targets()).singleElement().satisfies(t -> assertThat(t.target()).isEqualTo("s3"));
    }

    @Test
    void restoreApplyShWritesThePinnedLines() throws IOException {
        String script = Files.readString(
                Path.of("src/main/resources/dev/pistack/loomio/operator/desired/restore-apply.sh"));
        assertThat(script).contains("result '" + line("apply-skipped.json") + "'")
                .contains("result '" + line("apply-none.json") + "'")
                .contains("result \"{\\\"action\\\":\\\"apply\\\",\\\"status\\\":\\\"failed\\\",\\\"error\\\":")
                .contains("result \"{\\\"action\\\":\\\"apply\\\",\\\"status\\\":\\\"restored\\\","
                        + "\\\"durationSeconds\\\":");
        assertThat(Summaries.parse(line("apply-skipped.json"), RestoreSummary.class).orElseThrow().status())
                .isEqualTo(RestoreOutcome.SKIPPED);
        assertThat(Summaries.parse(line("apply-none.json"), RestoreSummary.class).orElseThrow().status())
                .isEqualTo(RestoreOutcome.NONE);
        assertThat(Summaries.parse(line("apply-failed.json"), RestoreSummary.class).orElseThrow())
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo(RestoreOutcome.FAILED);
                    assertThat(s.error()).startsWith("psql failed");
                });
        assertThat(Summaries.parse(line("apply-restored.json"), RestoreSummary.class).orElseThrow()
                .durationSeconds()).isEqualTo(7.0);
    }

    @Test
    void aLogTailBeforeTheSummaryOrNoSummaryAtAll() {
        assertThat(Summaries.parse("{\"note\":\"a log line\"}\n" + "{\"action\":\"apply\",\"status\":\"none\"}",
                RestoreSummary.class)).hasValueSatisfying(s -> assertThat(s.status()).isEqualTo(RestoreOutcome.NONE));
        assertThat(Summaries.parse("Exception in thread main", RestoreSummary.class)).isEmpty();
        assertThat(Summaries.parse(null, RestoreSummary.class)).isEmpty();
        assertThat(Summaries.parse("{not json", RestoreSummary.class)).isEmpty();
    }

    /** The line the agent writes to its summary file, without the per-run peakRssBytes. */
    private ObjectNode written(Object summary) throws IOException {
        Path file = dir.resolve("termination-log");
        AgentCommand.summary(summary, file, new PrintWriter(new StringWriter()));
        ObjectNode node = (ObjectNode) JSON.readTree(Files.readString(file));
        node.remove("peakRssBytes");
        return node;
    }

    private static ObjectNode pinned(String file) throws IOException {
        return (ObjectNode) JSON.readTree(line(file));
    }

    private static String line(String file) throws IOException {
        return Files.readString(PINNED.resolve(file)).strip();
    }
}
