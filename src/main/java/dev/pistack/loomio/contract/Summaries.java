package dev.pistack.loomio.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * Reading the one-line JSON summaries ({@link BackupSummary}, {@link RestoreSummary}, {@link
 * RestoreTestSummary}) that the agent and restore-apply.sh print and leave as a container's termination message.
 * Reading is lenient both ways, so an operator and an agent of different versions understand each other: fields it
 * does not know are ignored, and an outcome it does not know reads as null (neither success nor a known failure).
 */
public final class Summaries {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
            .build();

    private Summaries() {
    }

    /**
     * @param message a termination message: the summary on its last line, possibly after a log's tail (a container
     *     whose message is its log, FallbackToLogsOnError); may be null
     * @param type the summary's record class
     * @return the summary, or empty when the message holds none (missing, not JSON, or not an object)
     */
    public static <T> Optional<T> parse(String message, Class<T> type) {
        if (message == null || !message.strip().startsWith("{")) {
            return Optional.empty();
        }
        String last = message.strip().lines().reduce((a, b) -> b).orElse("");
        try {
            return Optional.ofNullable(JSON.readValue(last, type));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
