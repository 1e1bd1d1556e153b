package dev.pistack.loomio.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reading and writing the one-line JSON records that the agent and restore-apply.sh print: the summaries ({@link
 * BackupSummary}, {@link RestoreSummary}, {@link RestoreTestSummary}) they leave as a container's termination message,
 * and the {@link ProgressReport} lines of their logs.
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

    /**
     * @param log a container's log, or its tail; may be null
     * @param mark how the wanted lines start, e.g. {@code {"progress":}
     * @param type the record class of those lines
     * @return the newest line that starts with mark and reads as type; lines cut short (the log's size limit) or not
     *     JSON are passed over for an older one
     */
    public static <T> Optional<T> newest(String log, String mark, Class<T> type) {
        if (log == null) {
            return Optional.empty();
        }
        List<String> lines = log.lines().toList();
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.startsWith(mark)) {
                try {
                    return Optional.of(JSON.readValue(line, type));
                } catch (IOException e) {
                    // not a whole record: an older line will do
                }
            }
        }
        return Optional.empty();
    }

    /**
     * @param record a record of strings and numbers
     * @return it as JSON on one line, in the record's component order
     * @throws IllegalArgumentException when it cannot be written as JSON
     */
    public static String line(Object record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON record: " + record.getClass().getName(), e);
        }
    }
}
