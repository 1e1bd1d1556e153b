package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.credentials.SealedCredentials;
import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.dump.ChangeToken;
import dev.pistack.loomio.agent.dump.Database;
import dev.pistack.loomio.agent.dump.DumpSource;
import dev.pistack.loomio.agent.dump.PgDumpExecutable;
import dev.pistack.loomio.agent.io.ProgressReporter;
import dev.pistack.loomio.agent.pipeline.BackupPipeline;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.uploads.UploadsBackup;
import dev.pistack.loomio.agent.uploads.UploadsTree;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent backup}: pg_dump (or a dump from a file, FIFO or stdin) → gzip → Fernet → targets → retention. */
@Command(name = AgentCli.BACKUP, mixinStandardHelpOptions = true,
        description = "Takes an encrypted backup and stores it in every configured target, then applies retention.")
final class BackupCommand extends TargetCommand {
    @Mixin
    RetentionOptions retention;

    /** What a backup is for; it is part of the file name, and retention prunes only hourly ones. */
    enum Kind {
        HOURLY(BackupName.HOURLY), MANUAL(BackupName.MANUAL), FINAL(BackupName.FINAL), PREUPGRADE(
                BackupName.PRE_UPGRADE), PRERESTORE(BackupName.PRE_RESTORE), POSTRESTORE(BackupName.POST_RESTORE);

        final String value;

        Kind(String value) {
            this.value = value;
        }
    }

    @Option(names = AgentCli.KIND, defaultValue = "hourly",
            description = "hourly (scheduled), manual, final, preupgrade (before a migration), prerestore or"
                    + " postrestore (before and after a restore asked for).")
    Kind kind;

    @Option(names = "--input", paramLabel = "FILE|-", description = "Read a plain-format dump from a file, FIFO or"
            + " stdin (-) instead of running pg_dump (DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD or PG*).")
    String input;

    @Option(names = "--pg-dump", description = "The pg_dump executable (default: the one of the server's major,"
            + " /usr/lib/postgresql/<major>/bin/pg_dump, or pg_dump from PATH where that directory does not exist).")
    String pgDump;

    @Option(names = AgentCli.CREDENTIALS_DIR, paramLabel = "DIR", description = "The credentials Secret, mounted"
            + " as a volume (env " + AgentCli.ENV_CREDENTIALS_DIR + "): a copy is sealed with the backup key and kept"
            + " beside the backup on every target.")
    Path credentialsDir;

    @Option(names = AgentCli.UPLOADS_DIR, paramLabel = "DIR", description = "The uploads volume (read-only is"
            + " enough): its files are backed up with the dump, incrementally, as encrypted blobs and a manifest.")
    Path uploadsDir;

    @Option(names = AgentCli.NO_PRUNE, description = "Skip retention.")
    boolean noPrune;

    @Option(names = AgentCli.SKIP_UNCHANGED_SINCE, paramLabel = "TOKEN", description = "Take nothing when the"
            + " database still has this change token (the summary of the backup it came from has it): the run then"
            + " reports skipped and touches no target. Env " + AgentCli.ENV_SKIP_UNCHANGED_SINCE + ".")
    String skipUnchangedSince;

    @Mixin
    SummaryFileOption summaryFile;

    @Override
    public Integer call() throws Exception {
        BackupPipeline pipeline = new BackupPipeline(key(), store.targets(env()),
                store.staging(env()), noPrune ? null : retention.policy(), Clock.systemUTC(),
                BackupOrigin.fromEnvironment(env()));
        Path credentials = credentialsDir != null
                ? credentialsDir
                : Optional.ofNullable(env().get(AgentCli.ENV_CREDENTIALS_DIR)).filter(v -> !v.isBlank()).map(Path::of)
                        .orElse(null);
        if (credentials != null) {
            pipeline.withCredentials(SealedCredentials.seal(key(), SealedCredentials.readDirectory(credentials),
                    env().get(AgentCli.ENV_INSTANCE), Instant.now()));
        }
        if (uploadsDir != null) {
            pipeline.withUploads(new UploadsBackup(key(), uploadsDir, store.staging(env()), Clock.systemUTC(),
                    env().get(AgentCli.ENV_INSTANCE)));
        }
        Database db = Database.fromEnvironment(env());
        Instant start = Instant.now();
        String token = input == null ? changeToken(db, pipeline) : null;
        String since = Optional.ofNullable(skipUnchangedSince).or(() -> Optional.ofNullable(env().get(
                AgentCli.ENV_SKIP_UNCHANGED_SINCE))).map(String::strip).filter(v -> !v.isEmpty()).orElse(null);
        if (token != null && token.equals(since)) {
            BackupSummary skipped = BackupSummary.skipped(token,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0, key().fingerprint());
            AgentCommand.summary(skipped, summaryFile.path, out());
            return 0;
        }
        pipeline.withChangeToken(token);
        DumpSource source = input == null
                ? DumpSource.pgDump(pgDump != null
                        ? pgDump
                        : PgDumpExecutable.forServer(db,
                                PgDumpExecutable.DEBIAN_CLIENTS),
                        db)
                : input.equals("-")
                        ? DumpSource.of(System.in, "stdin")
                        : DumpSource.of(Files.newInputStream(Path.of(input)), input);
        BackupSummary summary;
        try (ProgressReporter progress = new ProgressReporter(System.out, Clock.systemUTC(),
                AgentCommand.progressInterval(env()))) {
            summary = pipeline.withProgress(progress).run(source, kind.value);
        }
        AgentCommand.summary(summary, summaryFile.path, out());
        return summary.status() == BackupOutcome.OK ? 0 : 1;
    }

    /**
     * @return the change token before the dump: the database's, and the uploads volume's files (path, size, mtime),
     *     which change without a row when a file is put there by hand or restored; null when the server cannot tell
     *     or either cannot be read, and the run then backs up (and reports what is wrong, if anything)
     */
    private String changeToken(Database db, BackupPipeline pipeline) {
        List<String> scope = new ArrayList<>(pipeline.scope());
        try (Connection c = db.connect()) {
            if (uploadsDir != null) {
                UploadsTree.walk(uploadsDir).forEach(f -> scope.add("upload " + f.path() + " " + f.size() + " "
                        + f.mtime()));
            }
            return ChangeToken.read(c, scope).orElse(null);
        } catch (SQLException | IOException e) {
            err().println("the change token could not be read, so this run backs up: " + e.getMessage());
            return null;
        }
    }
}
