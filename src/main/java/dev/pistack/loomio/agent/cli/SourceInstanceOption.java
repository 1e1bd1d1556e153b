package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.contract.AgentCli;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * A clone: restore from another instance's off-site backups (its Drive subfolder, its S3 prefix, on the same
 * targets and under the same key), never from this instance's local volume, which holds only its own.
 */
final class SourceInstanceOption {
    @Option(names = AgentCli.SOURCE_INSTANCE, paramLabel = "NAMESPACE/NAME", description = "Restore from this"
            + " instance's off-site backups (its Drive subfolder and S3 prefix; the local directory is left out), and"
            + " accept only backups taken from it. Env " + AgentCli.ENV_RESTORE_SOURCE + ".")
    String source;

    /** @return the source instance, {@code namespace/name}, or null when none is given (empty counts as none) */
    String get(Map<String, String> env) {
        String v = source != null ? source : env.get(AgentCli.ENV_RESTORE_SOURCE);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /**
     * @return the newest backup known to exist, which lets a restore go on without an unlisted remote target; none
     *     for a clone: that record is this instance's own and says nothing of the source's folder
     */
    BackupName newestKnown(Map<String, String> env, NewestKnownOption own) {
        return get(env) == null ? own.get(env) : null;
    }

    /**
     * @return the environment the targets are read with: the source's folder and prefix, no local directory; the
     *     environment itself when no source is given
     * @throws IllegalArgumentException when the source is not {@code namespace/name}
     */
    Map<String, String> targetEnv(Map<String, String> env) {
        String instance = get(env);
        if (instance == null) {
            return env;
        }
        Map<String, String> copy = new HashMap<>(env);
        copy.put(AgentCli.ENV_DRIVE_SUBFOLDER, AgentCli.instanceFolder(instance));
        copy.put(AgentCli.ENV_INSTANCE, instance);
        copy.remove(AgentCli.ENV_INSTANCE_UID);
        copy.remove(AgentCli.ENV_LOCAL_DIR);
        return copy;
    }
}
