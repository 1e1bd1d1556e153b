package dev.pistack.loomio.agent.cli;

import dev.pistack.loomio.agent.pipeline.RestoreSelection;
import dev.pistack.loomio.contract.AgentCli;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.Option;

/** Which backup a restore chooses: the newest (default), a named one, or the newest at or before a time. */
final class RestoreSelectionOption {
    @Option(names = AgentCli.RESTORE_BACKUP, paramLabel = "NAME", description = "Restore this backup (its file name,"
            + " as agent list prints it) and no other: when it is not authentic, nothing is restored. Env "
            + AgentCli.ENV_RESTORE_BACKUP + ".")
    String backup;

    @Option(names = AgentCli.RESTORE_BEFORE, paramLabel = "TIME", description = "Restore the newest authentic backup"
            + " taken at or before TIME (RFC 3339, e.g. 2026-12-06T14:30:00Z), never a newer one. Env "
            + AgentCli.ENV_RESTORE_BEFORE + ".")
    String before;

    /**
     * @return the selection from the options, else from the environment (empty values count as none)
     * @throws IllegalArgumentException when both are given, the name is not a backup's or the time is not RFC 3339
     */
    RestoreSelection get(Map<String, String> env) {
        String name = value(backup, env.get(AgentCli.ENV_RESTORE_BACKUP));
        String time = value(before, env.get(AgentCli.ENV_RESTORE_BEFORE));
        Instant at = null;
        if (time != null) {
            try {
                at = OffsetDateTime.parse(time).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + time + "' is not an RFC 3339 time (e.g."
                        + " 2026-12-06T14:30:00Z)");
            }
        }
        return new RestoreSelection(name, at);
    }

    private static String value(String option, String env) {
        String v = option != null ? option : env;
        return v == null || v.isBlank() ? null : v.strip();
    }
}
