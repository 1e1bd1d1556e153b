package dev.pistack.loomio.agent.cli;

import picocli.CommandLine.Option;

/** {@code --psql}: the psql executable that applies a dump (restore, restore-test). */
final class PsqlOption {
    @Option(names = "--psql", paramLabel = "PSQL", defaultValue = "psql", description = "The psql executable.")
    String path;
}
