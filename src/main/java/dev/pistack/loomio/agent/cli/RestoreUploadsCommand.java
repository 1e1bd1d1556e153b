package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.agent.uploads.UploadsRestore;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.contract.ExitCodes;
import dev.pistack.loomio.contract.UploadsRestoreSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent restore-uploads}: the newest authentic uploads into an empty uploads volume. */
@Command(name = AgentCli.RESTORE_UPLOADS, mixinStandardHelpOptions = true,
        description = "Restores the uploads of the newest authentic backup across the targets into DIR, all or"
                + " nothing, when DIR holds no file (status skipped otherwise). With --backup or --before, the files"
                + " of that backup that DIR lacks are added, whatever DIR holds. Exit 0: restored, skipped, or no"
                + " uploads backed up anywhere; 4: none authentic; 1: an I/O error (retry: no older backup was"
                + " restored instead).")
final class RestoreUploadsCommand extends TargetCommand {
    @Option(names = AgentCli.UPLOADS_DIR, required = true, paramLabel = "DIR", description = "The uploads volume.")
    Path dir;

    @Mixin
    NewestKnownOption newestKnown;

    @Mixin
    RestoreSelectionOption selection;

    @Mixin
    SourceInstanceOption source;

    @Mixin
    SummaryFileOption summaryFile;

    @Mixin
    FromInstanceOption from;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(dir)) {
            err().println("agent restore-uploads: " + dir + " is not a directory");
            return 2;
        }
        Map<String, String> targetEnv = source.targetEnv(env());
        BackupOrigin expected = from.expected(targetEnv);
        UploadsRestore restore = new UploadsRestore(key(), Clock.systemUTC(),
                expected == null ? null : expected.instance());
        UploadsRestoreSummary summary = restore.run(dir, store.targets(targetEnv),
                source.newestKnown(env(), newestKnown),
                selection.get(env()));
        AgentCommand.summary(summary, summaryFile.path, out());
        return switch (summary.status()) {
            case RESTORED, SKIPPED, NONE -> 0;
            case NO_AUTHENTIC -> ExitCodes.NO_AUTHENTIC_BACKUP;
            case NOT_FOUND -> ExitCodes.NOT_FOUND;
            case FAILED -> 1;
        };
    }
}
