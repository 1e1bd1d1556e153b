package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.dump.BackupOrigin;
import dev.pistack.loomio.contract.AgentCli;
import java.util.Map;
import picocli.CommandLine.Option;

/** Whose backups a restore or a restore test may read: this instance's, unless another is asked for. */
final class FromInstanceOption {
    @Option(names = AgentCli.FROM_INSTANCE, paramLabel = "NAMESPACE/NAME", description = "Restore backups taken from"
            + " this instance instead of " + AgentCli.ENV_INSTANCE + "'s (a clone, or an instance under a new name)."
            + " Backups that name no instance (the seed system's) are read either way.")
    String fromInstance;

    /** @return the instance whose backups are accepted, or null for any (no option, no environment) */
    BackupOrigin expected(Map<String, String> env) {
        return fromInstance != null ? BackupOrigin.parseInstance(fromInstance) : BackupOrigin.fromEnvironment(env);
    }
}
