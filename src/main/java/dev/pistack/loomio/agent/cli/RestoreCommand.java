package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.dump.Database;
import dev.pistack.loomio.agent.dump.PsqlApplier;
import dev.pistack.loomio.agent.pipeline.RestorePipeline;
import dev.pistack.loomio.agent.pipeline.RestoreSummary;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agent restore}: the newest authentic backup into an empty database (or to a file). */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "Restores the newest authentic backup, local directory first, then Drive. Exit 3: no backup"
                + " anywhere; 4: none authentic; 5: the database is not empty.")
final class RestoreCommand extends BackupsCommand {
    @Option(names = "--output", paramLabel = "FILE|-", description = "Write the verified SQL here instead of"
            + " applying it (- for stdout). Plaintext: keep it off persistent disks.")
    String output;

    @Option(names = "--allow-non-empty", description = "Apply even when the database already holds tables.")
    boolean allowNonEmpty;

    @Option(names = "--psql", defaultValue = "psql", description = "The psql executable.")
    String psql;

    @Option(names = "--summary-file", paramLabel = "FILE", description = "Also write the JSON summary here.")
    Path summaryFile;

    @Override
    public Integer call() throws Exception {
        RestorePipeline pipeline = new RestorePipeline(key(), store.staging(env()),
                Clock.systemUTC());
        RestorePipeline.Applier applier;
        if (output != null) {
            applier = output.equals("-") ? sql -> sql.transferTo(System.out) : sql -> toFile(sql, Path.of(output));
        } else {
            Database db = Database.fromEnvironment(env());
            PsqlApplier psqlApplier = new PsqlApplier(psql, db);
            long relations = psqlApplier.relationCount();
            if (relations > 0 && !allowNonEmpty) {
                err().println("agent restore: database " + db + " already holds " + relations
                        + " relations; restore only into an empty database, or pass --allow-non-empty");
                return AgentCommand.EXIT_NOT_EMPTY;
            }
            applier = psqlApplier::apply;
        }
        RestoreSummary summary = pipeline.run(store.targets(env()), applier);
        AgentCommand.summary(summary, summaryFile, output != null && output.equals("-")
                ? new java.io.PrintWriter(System.err, true)
                : out());
        return switch (summary.status()) {
            case RESTORED -> 0;
            case NONE -> AgentCommand.EXIT_NO_BACKUP;
            case NO_AUTHENTIC -> AgentCommand.EXIT_NO_AUTHENTIC_BACKUP;
            case FAILED -> 1;
        };
    }

    /** Writes next to the target and renames, so a half-written file never carries the target's name. */
    private static void toFile(java.io.InputStream sql, Path target) throws java.io.IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        try (OutputStream out = Files.newOutputStream(partial)) {
            sql.transferTo(out);
        } catch (java.io.IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
