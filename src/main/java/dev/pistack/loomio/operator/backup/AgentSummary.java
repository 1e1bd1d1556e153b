package dev.pistack.loomio.operator.backup;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;

/**
 * A termination message as text for users. The agent (and restore-apply.sh) leave a one-line JSON summary there
 * (read with {@link dev.pistack.loomio.contract.Summaries}); with terminationMessagePolicy FallbackToLogsOnError a
 * container that died before writing it leaves its log's tail instead, which is kept as text.
 */
final class AgentSummary {
    private AgentSummary() {
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
}
