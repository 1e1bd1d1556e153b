package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.dump.Database;
import dev.pistack.loomio.agent.dump.PsqlApplier;
import dev.pistack.loomio.agent.pipeline.RestoreTest;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.contract.ExitCodes;
import dev.pistack.loomio.contract.RestoreTestSummary;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent restore-test}: restore the newest backup into a scratch database and check every table's rows. */
@Command(name = AgentCli.RESTORE_TEST, mixinStandardHelpOptions = true,
        description = "Restores the newest backup (or --name) into an empty scratch database (DB_*/PG* settings) and"
                + " compares each table's rows with the dump's. Never the live database. Exit 0: passed; 1: failed"
                + " (the summary says why and names the backup); 3: no backup.")
final class RestoreTestCommand extends TargetCommand {
    @Option(names = "--name", description = "The backup's file name (default: the newest).")
    String name;

    @Mixin
    PsqlOption psql;

    @Mixin
    SummaryFileOption summaryFile;

    @Mixin
    FromInstanceOption from;

    @Override
    public Integer call() throws Exception {
        PsqlApplier scratch = new PsqlApplier(psql.path, Database.fromEnvironment(env()));
        RestoreTestSummary summary = new RestoreTest(key(), store.staging(env()), Clock.systemUTC(),
                from.expected(env()))
                .run(store.targets(env()), name, scratch);
        AgentCommand.summary(summary, summaryFile.path, out());
        return switch (summary.status()) {
            case PASSED -> 0;
            case NONE -> ExitCodes.NO_BACKUP;
            case FAILED -> 1;
        };
    }
}
