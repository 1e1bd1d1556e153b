package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.retention.RetentionPolicy;
import dev.pistack.loomio.contract.AgentCli;
import picocli.CommandLine.Option;

/** restic-style retention flags; defaults: 48 hourly, 30 daily, 12 monthly. */
final class RetentionOptions {
    @Option(names = AgentCli.KEEP_LAST, defaultValue = "0", description = "Keep the newest N scheduled backups.")
    int last;

    @Option(names = AgentCli.KEEP_HOURLY, defaultValue = "48", description = "Newest of each of the last N hours.")
    int hourly;

    @Option(names = AgentCli.KEEP_DAILY, defaultValue = "30", description = "Newest of each of the last N days.")
    int daily;

    @Option(names = AgentCli.KEEP_WEEKLY, defaultValue = "0", description = "Newest of each of the last N ISO weeks.")
    int weekly;

    @Option(names = AgentCli.KEEP_MONTHLY, defaultValue = "12", description = "Newest of each of the last N months.")
    int monthly;

    RetentionPolicy policy() {
        return new RetentionPolicy(last, hourly, daily, weekly, monthly);
    }
}
