package dev.pistack.loomio.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pistack.loomio.agent.io.ProgressReporter;
import dev.pistack.loomio.contract.AgentCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The backup agent's command line: {@code agent backup|restore|restore-uploads|restore-test|list|verify|prune|keygen}. Settings come
 * from flags and from the seed system's environment variables (see each option). Exit statuses: 0 done, 1 failed,
 * 2 usage, and for restore (and restore-test) 3 no backup anywhere, 4 backups exist but none is authentic, 5 target
 * database not empty.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, version = "loomio backup agent 0.1",
        description = "Encrypted, streamed Postgres backups to a local directory and Google Drive, and restores that"
                + " only ever apply authentic backups.",
        subcommands = {BackupCommand.class, RestoreCommand.class, RestoreUploadsCommand.class, RestoreTestCommand.class,
            ListCommand.class,
            VerifyCommand.class, PruneCommand.class, KeygenCommand.class})
public final class AgentCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, String> env;

    AgentCommand(Map<String, String> env) {
        this.env = env;
    }

    /**
     * Runs the agent.
     *
     * @param env the process environment (a map, so tests can pass their own)
     * @return the exit status
     */
    public static int run(String[] args, Map<String, String> env) {
        CommandLine cli = new CommandLine(new AgentCommand(env)).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            // One line, no stack trace: messages are written never to hold secrets.
            cmd.getErr().println("agent " + cmd.getCommandName() + ": " + describe(e));
            return 1;
        });
        return cli.execute(args);
    }

    /**
     * @return the exception's message; for a file system error, whose message is only the path, what went wrong
     *     with it (e.g. "permission denied: /uploads/x")
     */
    static String describe(Exception e) {
        if (e instanceof java.nio.file.AccessDeniedException a) {
            return "permission denied: " + a.getFile() + " (check the volume's owner and mode, and the pod's user)";
        }
        if (e instanceof java.nio.file.NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getMessage() + " (" + e.getClass().getSimpleName() + ")";
        }
        return e.getMessage();
    }

    /** What the kubelet keeps of a termination message is short: the file version of a summary stays below this. */
    static final int SUMMARY_FILE_MAX_BYTES = 1024;

    /**
     * Prints one line of JSON to stdout and, when asked, writes it to a file (e.g. /dev/termination-log). On Linux it
     * adds {@code peakRssBytes}, the process's peak resident set (VmHWM of /proc/self/status), so every run reports
     * what memory it needed. The file gets a compact copy when the line is longer than
     * {@value #SUMMARY_FILE_MAX_BYTES} bytes: the refused candidates' messages go (their names and reasons stay),
     * then all but the first five candidates ({@code attemptsCount} keeps the total); stdout keeps everything.
     */
    /**
     * @return the time between progress lines: {@value AgentCli#ENV_PROGRESS_INTERVAL} seconds when set, else
     *     {@link ProgressReporter#DEFAULT_INTERVAL}
     * @throws IllegalArgumentException when it is set but not a positive whole number
     */
    static java.time.Duration progressInterval(java.util.Map<String, String> env) {
        String v = env.getOrDefault(AgentCli.ENV_PROGRESS_INTERVAL, "").strip();
        if (v.isEmpty()) {
            return ProgressReporter.DEFAULT_INTERVAL;
        }
        try {
            long seconds = Long.parseLong(v);
            if (seconds > 0) {
                return java.time.Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException(AgentCli.ENV_PROGRESS_INTERVAL + " is '" + v
                + "': give a whole number of seconds, at least 1");
    }

    static void summary(Object summary, Path file, PrintWriter out) throws IOException {
        ObjectNode node = JSON.valueToTree(summary);
        peakRssBytes().ifPresent(bytes -> node.put("peakRssBytes", bytes));
        String line = JSON.writeValueAsString(node);
        out.println(line);
        out.flush();
        if (file != null) {
            Files.writeString(file, compact(node, line) + "\n", StandardCharsets.UTF_8);
        }
    }

    private static String compact(ObjectNode node, String line) throws IOException {
        if (line.getBytes(StandardCharsets.UTF_8).length <= SUMMARY_FILE_MAX_BYTES
                || !(node.get("attempts") instanceof ArrayNode attempts)) {
            return line;
        }
        attempts.forEach(a -> ((ObjectNode) a).remove("message"));
        node.put("attemptsCount", attempts.size());
        while (attempts.size() > 5) {
            attempts.remove(attempts.size() - 1);
        }
        return JSON.writeValueAsString(node);
    }

    /** @return VmHWM of /proc/self/status in bytes, or empty where there is no such file */
    private static Optional<Long> peakRssBytes() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
