package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.contract.AgentCli;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --summary-file}: where a command also writes its one-line JSON summary, e.g. /dev/termination-log, the
 * container's termination message the operator reads (AgentCommand#summary keeps it short enough).
 */
final class SummaryFileOption {
    @Option(names = AgentCli.SUMMARY_FILE, paramLabel = "FILE", description = "Also write the JSON summary here.")
    Path path;
}
