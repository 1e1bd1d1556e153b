package dev.pistack.loomio.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.RestoreSummary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary file is a termination message: it stays short enough for the operator to read it whole. */
class SummaryFileTest {
    @TempDir
    Path dir;

    @Test
    void aLongListOfRefusedBackupsIsCompactedInTheFileOnly() throws Exception {
        List<RestoreSummary.Attempt> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            attempts.add(new RestoreSummary.Attempt("loomio-hourly-20261121-1" + (10 + i) + "000.sql.gz.enc", "local",
                    "wrong-key-or-corrupt", "HMAC mismatch: encrypted with another key, or altered after it was"
                            + " written; this backup cannot be restored with the key given"));
        }
        RestoreSummary summary = new RestoreSummary("restore", RestoreOutcome.RESTORED, "drive",
                "loomio-hourly-20261121-090000.sql.gz.enc", attempts, 5000L, 1.5, "sha256:ab", null);
        Path file = dir.resolve("termination-log");
        StringWriter stdout = new StringWriter();

        AgentCommand.summary(summary, file, new PrintWriter(stdout));

        String written = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(written.getBytes(StandardCharsets.UTF_8).length).isLessThan(AgentCommand.SUMMARY_FILE_MAX_BYTES);
        JsonNode compact = new ObjectMapper().readTree(written);
        assertThat(compact.get("name").asText()).isEqualTo("loomio-hourly-20261121-090000.sql.gz.enc");
        assertThat(compact.get("attemptsCount").asInt()).isEqualTo(12);
        assertThat(compact.get("attempts")).hasSize(5).allSatisfy(a -> {
            assertThat(a.has("message")).isFalse();
            assertThat(a.get("reason").asText()).isEqualTo("wrong-key-or-corrupt");
        });
        assertThat(new ObjectMapper().readTree(stdout.toString()).get("attempts")).as("stdout keeps everything")
                .hasSize(12).allSatisfy(a -> assertThat(a.has("message")).isTrue());
    }
}
