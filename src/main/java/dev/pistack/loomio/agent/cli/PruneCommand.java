package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.pipeline.BackupReader;
import dev.pistack.loomio.agent.pipeline.BackupRejected;
import dev.pistack.loomio.agent.retention.Retention;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code agent prune}: retention alone. The newest backup that verifies is kept whatever the policy says. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Applies retention to every target.")
final class PruneCommand extends TargetCommand {
    @Mixin
    RetentionOptions retention;

    @Option(names = "--dry-run", description = "Say what would be deleted, delete nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        for (BackupTarget target : store.targets(env())) {
            List<StoredBackup> backups = target.listOwn();
            BackupName newestAuthentic = newestAuthentic(target, backups);
            if (newestAuthentic == null) {
                out.printf("%s: no authentic backup, nothing pruned%n", target.kind());
                continue;
            }
            for (StoredBackup b : Retention.toDelete(backups, retention.policy(), newestAuthentic)) {
                if (!dryRun) {
                    target.delete(b);
                }
                out.printf("%s: %s %s%n", target.kind(), dryRun ? "would delete" : "deleted", b.name().fileName());
            }
        }
        return 0;
    }

    private BackupName newestAuthentic(BackupTarget target, List<StoredBackup> newestFirst) throws Exception {
        for (StoredBackup b : newestFirst) {
            try {
                BackupReader.verify(target.open(b), key());
                return b.name();
            } catch (BackupRejected e) {
                err().printf("%s: %s is not authentic (%s)%n", target.kind(),
                        b.name().fileName(), e.reason().code());
            }
        }
        return null;
    }
}
