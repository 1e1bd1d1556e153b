package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.dump.Database;
import dev.pistack.loomio.agent.dump.PsqlApplier;
import dev.pistack.loomio.agent.io.ProgressReporter;
import dev.pistack.loomio.agent.pipeline.RestorePipeline;
import dev.pistack.loomio.agent.pipeline.RestoreSelection;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.contract.ExitCodes;
import dev.pistack.loomio.contract.RestoreSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent restore}: the newest authentic backup into an empty database (or to a file). */
@Command(name = AgentCli.RESTORE, mixinStandardHelpOptions = true,
        description = "Restores the newest authentic backup across the targets (or the one chosen with --backup or"
                + " --before). Exit 3: no backup anywhere (0 with --when-none start-fresh, unless one was chosen);"
                + " 4: none authentic; 5: the database is not empty; 6: not the backup chosen;"
                + " 1: an I/O error or applying failed (retry: no older backup was restored instead).")
final class RestoreCommand extends TargetCommand {
    /** What an empty set of targets means. */
    enum WhenNone {
        /** A new installation: exit 0, the database starts empty. */
        START_FRESH,
        /** Backups were expected: a wrong folder, a wrong key or a lost volume. Exit 3. */
        FAIL
    }

    @Option(names = AgentCli.OUTPUT, paramLabel = "FILE|-", description = "Write the verified SQL here instead of"
            + " applying it (- for stdout). Plaintext: keep it off persistent disks.")
    String output;

    @Option(names = AgentCli.GZIP, description = "Gzip what --output writes (fastest level).")
    boolean gzip;

    @Option(names = AgentCli.UNLESS_EXISTS, paramLabel = "PATH",
            description = "Do nothing (status skipped, exit 0) when"
                    + " PATH exists, e.g. PGDATA/PG_VERSION of a database already initialized.")
    Path unlessExists;

    @Option(names = "--when-none", paramLabel = "start-fresh|fail", description = "When no target holds any backup:"
            + " start-fresh (exit 0) or fail (exit 3, the default). Env RESTORE_WHEN_NONE.")
    WhenNone whenNone;

    @Mixin
    NewestKnownOption newestKnown;

    @Mixin
    RestoreSelectionOption selection;

    @Mixin
    SourceInstanceOption source;

    @Option(names = "--allow-non-empty", description = "Apply even when the database already holds tables.")
    boolean allowNonEmpty;

    @Mixin
    PsqlOption psql;

    @Mixin
    SummaryFileOption summaryFile;

    @Mixin
    FromInstanceOption from;

    @Override
    public Integer call() throws Exception {
        RestoreSelection chosen = selection.get(env());
        Map<String, String> targetEnv = source.targetEnv(env());
        RestorePipeline pipeline = new RestorePipeline(key(), store.staging(env()), Clock.systemUTC(),
                from.expected(targetEnv));
        PrintWriter summaryOut = "-".equals(output) ? new PrintWriter(System.err, true) : out();
        if (unlessExists != null && Files.exists(unlessExists)) {
            AgentCommand.summary(pipeline.skipped(), summaryFile.path, summaryOut);
            return 0;
        }
        RestorePipeline.Applier applier;
        if (output != null) {
            applier = output.equals("-") ? sql -> copy(sql, System.out) : sql -> toFile(sql, Path.of(output));
        } else {
            Database db = Database.fromEnvironment(env());
            PsqlApplier psqlApplier = new PsqlApplier(psql.path, db);
            long relations = psqlApplier.relationCount();
            if (relations > 0 && !allowNonEmpty) {
                err().println("agent restore: database " + db + " already holds " + relations
                        + " relations; restore only into an empty database, or pass --allow-non-empty");
                return ExitCodes.NOT_EMPTY;
            }
            applier = psqlApplier::apply;
        }
        RestoreSummary summary;
        // Progress on stdout, where the operator reads it, unless stdout carries the SQL.
        try (ProgressReporter progress = new ProgressReporter("-".equals(output) ? System.err : System.out,
                Clock.systemUTC(), AgentCommand.progressInterval(env()))) {
            summary = pipeline.withProgress(progress).run(store.targets(targetEnv), applier,
                    source.newestKnown(env(), newestKnown), chosen);
        }
        AgentCommand.summary(summary, summaryFile.path, summaryOut);
        return switch (summary.status()) {
            case RESTORED, SKIPPED -> 0;
            // A chosen backup that no target holds is never a fresh start.
            case NONE -> chosen.newest() && whenNone() == WhenNone.START_FRESH ? 0 : ExitCodes.NO_BACKUP;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case NO_AUTHENTIC -> ExitCodes.NO_AUTHENTIC_BACKUP;
            case FAILED -> 1;
        };
    }

    private WhenNone whenNone() {
        if (whenNone != null) {
            return whenNone;
        }
        String v = env().getOrDefault(AgentCli.ENV_WHEN_NONE, "").strip();
        if (v.isEmpty()) {
            return WhenNone.FAIL;
        }
        return switch (v.toLowerCase().replace('_', '-')) {
            case "start-fresh" -> WhenNone.START_FRESH;
            case "fail" -> WhenNone.FAIL;
            default -> throw new IllegalArgumentException("RESTORE_WHEN_NONE is '" + v + "': give start-fresh or fail");
        };
    }

    private void copy(InputStream sql, OutputStream out) throws IOException {
        if (gzip) {
            OutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            sql.transferTo(gz);
            gz.close();
        } else {
            sql.transferTo(out);
            out.flush();
        }
    }

    /** Writes next to the target and renames, so a half-written file never carries the target's name. */
    private void toFile(InputStream sql, Path target) throws IOException {
        Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
        Files.createDirectories(partial.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(partial)) {
            copy(sql, out);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
