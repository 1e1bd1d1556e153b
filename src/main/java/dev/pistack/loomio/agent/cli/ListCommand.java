package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.pipeline.BackupReader;
import dev.pistack.loomio.agent.pipeline.BackupRejected;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agent list}: the backups of each target, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists backups per target, newest first.")
final class ListCommand extends TargetCommand {
    @Option(names = "--verify", description = "Authenticate each backup and check its dump (reads every backup).")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        out.printf("%-6s %-44s %-8s %-20s %12s%s%n", "TARGET", "NAME", "KIND", "TIME (UTC)", "BYTES",
                verify ? "  CHECK" : "");
        boolean allGood = true;
        for (BackupTarget target : store.targets(env())) {
            for (StoredBackup b : target.list()) {
                String check = "";
                if (verify) {
                    check = "  " + check(target, b);
                    allGood &= check.equals("  authentic");
                }
                out.printf("%-6s %-44s %-8s %-20s %12d%s%n", target.kind(), b.name().fileName(), b.name().kind(),
                        b.name().time().toString().replace("T", " ").replace("Z", ""), b.sizeBytes(), check);
            }
        }
        return allGood ? 0 : 1;
    }

    private String check(BackupTarget target, StoredBackup b) {
        try {
            BackupReader.verify(target.open(b), key());
            return "authentic";
        } catch (BackupRejected e) {
            return e.reason().code();
        } catch (IOException e) {
            return "io-error";
        }
    }
}
