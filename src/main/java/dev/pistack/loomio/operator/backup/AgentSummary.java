package dev.pistack.loomio.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import java.util.Optional;

/**
 * The one-line JSON the backup agent (and restore-apply.sh) leave as a container's termination message. With
 * terminationMessagePolicy FallbackToLogsOnError a container that died before writing it leaves its log's tail
 * instead, which is kept as text.
 */
final class AgentSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentSummary() {
    }

    /** @return the parsed summary, or empty when the message is missing or not JSON */
    static Optional<JsonNode> of(ContainerStateTerminated terminated) {
        String message = terminated == null ? null : terminated.getMessage();
        if (message == null || !message.strip().startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(message.strip().lines().reduce((a, b) -> b).orElse("")));
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    /**
     * @return the message as text for users: its last 300 characters without the JVM's JAVA_TOOL_OPTIONS notice, or
     *     what the container's exit says
     */
    static String text(ContainerStateTerminated terminated) {
        String message = terminated.getMessage();
        if (message == null || message.isBlank()) {
            return "exit code " + terminated.getExitCode()
                    + (terminated.getReason() != null ? " (" + terminated.getReason() + ")" : "");
        }
        // The JVM announces JAVA_TOOL_OPTIONS on stderr before anything the agent says: not news for a user.
        String flat = message.lines().filter(l -> !l.startsWith("Picked up JAVA_TOOL_OPTIONS:"))
                .collect(java.util.stream.Collectors.joining(" ")).strip().replaceAll("\\s+", " ");
        return flat.length() > 300 ? "…" + flat.substring(flat.length() - 300) : flat;
    }

    static String text(JsonNode summary, String field) {
        JsonNode v = summary.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
