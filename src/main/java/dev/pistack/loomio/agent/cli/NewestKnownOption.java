package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.contract.AgentCli;
import java.util.Map;
import picocli.CommandLine.Option;

/** The newest backup known to exist anywhere, which lets a restore go on without a remote target it cannot list. */
final class NewestKnownOption {
    @Option(names = "--newest-known", paramLabel = "NAME", description = "The newest backup known to be stored on any"
            + " target. When a remote target cannot be listed but another holds a backup at least this new, restore"
            + " from those (with a warning) instead of failing. Env RESTORE_NEWEST_KNOWN; a value that is not a backup"
            + " name counts as none.")
    String newestKnown;

    /** @return the newest known backup, or null when none is given or the value is not a backup's name */
    BackupName get(Map<String, String> env) {
        String v = newestKnown != null ? newestKnown : env.getOrDefault(AgentCli.ENV_NEWEST_KNOWN, "");
        return BackupName.parse(v.strip()).orElse(null);
    }
}
