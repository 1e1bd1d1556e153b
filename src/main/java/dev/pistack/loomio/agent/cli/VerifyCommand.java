package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.pipeline.BackupReader;
import dev.pistack.loomio.agent.pipeline.BackupRejected;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code agent verify}: authenticate one backup and check its dump, without restoring. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Authenticates one backup (the newest, or --name, or --file) and checks its dump.")
final class VerifyCommand extends TargetCommand {
    @Option(names = "--name", description = "The backup's file name (default: the newest).")
    String name;

    @Option(names = "--file", description = "A backup file anywhere, instead of a target.")
    Path file;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("action", "verify");
        try {
            BackupReader.Verified v;
            if (file != null) {
                result.put("name", file.getFileName().toString());
                v = BackupReader.verify(Files.newInputStream(file), key());
            } else {
                StoredBackup chosen = null;
                BackupTarget from = null;
                for (BackupTarget target : store.targets(env())) {
                    for (StoredBackup b : target.list()) {
                        boolean matches = name == null || b.name().fileName().equals(name);
                        if (matches && (chosen == null || b.name().compareTo(chosen.name()) < 0)) {
                            chosen = b;
                            from = target;
                        }
                    }
                }
                if (chosen == null) {
                    throw new IllegalArgumentException(name == null ? "no backup found" : "no backup named " + name);
                }
                result.put("name", chosen.name().fileName());
                result.put("target", from.kind());
                v = BackupReader.verify(from.open(chosen), key());
            }
            result.put("status", "authentic");
            result.put("sqlBytes", v.sqlBytes());
            result.put("gzip", v.gzip());
            result.put("createdAt", v.createdAt().toString());
            AgentCommand.summary(result, null, out());
            return 0;
        } catch (BackupRejected e) {
            result.put("status", "rejected");
            result.put("reason", e.reason().code());
            result.put("message", e.getMessage());
            AgentCommand.summary(result, null, out());
            return 1;
        }
    }
}
