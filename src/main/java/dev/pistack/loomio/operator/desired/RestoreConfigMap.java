package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.WhenNoBackup;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired ConfigMap {@code <name>-restore}, read by the restore init container at each start: what it does when no
 * backup exists anywhere ({@code RESTORE_WHEN_NONE}) and the newest backup recorded on any target
 * ({@code RESTORE_NEWEST_KNOWN}); while a LoomioRestore runs, the backup it chose ({@code RESTORE_BACKUP} or
 * {@code RESTORE_BEFORE}) and a clone's source ({@code RESTORE_SOURCE_INSTANCE}), empty at every other time. A ConfigMap rather than values in the pod template, because they change with
 * each recorded backup and a template change would restart Postgres (development) or
 * wait for the next restart anyway (production, OnDelete).
 */
public final class RestoreConfigMap {
    public static final String COMPONENT = "restore";
    public static final String WHEN_NONE = AgentCli.ENV_WHEN_NONE;
    public static final String NEWEST_KNOWN = AgentCli.ENV_NEWEST_KNOWN;
    public static final String BACKUP = AgentCli.ENV_RESTORE_BACKUP;
    public static final String BEFORE = AgentCli.ENV_RESTORE_BEFORE;
    public static final String SOURCE = AgentCli.ENV_RESTORE_SOURCE;
    /** Not for a restore: the last success's change token, for the backup CronJob's runs (BackupCronJob). */
    public static final String CHANGE_TOKEN = AgentCli.ENV_SKIP_UNCHANGED_SINCE;

    private RestoreConfigMap() {
    }

    /**
     * @param newestKnown the file name of the newest backup recorded on any target (BackupResults#newestKnown), or
     *     null when none is
     * @param choice the backup a running LoomioRestore chose, else {@link RestoreChoice#NEWEST}
     */
    public static ConfigMap desired(LoomioInstance i, String newestKnown, RestoreChoice choice) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(Names.restore(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .endMetadata()
                .withData(new TreeMap<>(Map.of(WHEN_NONE, whenNone(i), NEWEST_KNOWN,
                        newestKnown == null ? "" : newestKnown, BACKUP, choice.backup(), BEFORE, choice.before(),
                        SOURCE, choice.source(), CHANGE_TOKEN, changeToken(i))))
                .build();
    }

    /**
     * @return an init container's variable from this ConfigMap's key; optional, as the ConfigMap of an earlier
     *     version lacks the newer keys until the operator updates it
     */
    static EnvVar env(String key, LoomioInstance i) {
        return new EnvVarBuilder().withName(key).withNewValueFrom()
                .withNewConfigMapKeyRef(key, Names.restore(i), true).endValueFrom().build();
    }

    /** @return the choice a ConfigMap of this kind holds; {@link RestoreChoice#NEWEST} when it holds none */
    public static RestoreChoice choiceOf(ConfigMap map) {
        return map.getData() == null
                ? RestoreChoice.NEWEST
                : new RestoreChoice(map.getData().get(BACKUP), map.getData().get(BEFORE), map.getData().get(SOURCE));
    }

    /**
     * @return the last success's change token, or empty when backups never skip, none succeeded, or the agent had no
     *     token for it
     */
    static String changeToken(LoomioInstance i) {
        boolean skip = i.getSpec().getBackup() != null && i.getSpec().getBackup().isSkipUnchanged();
        BackupRecord last = i.getStatus() == null || i.getStatus().getBackup() == null
                ? null
                : i.getStatus().getBackup().lastSuccess();
        return !skip || last == null || last.changeToken() == null ? "" : last.changeToken();
    }

    /**
     * Auto starts fresh until the instance has recorded a successful backup: after that, no backup anywhere means a
     * wrong folder, a wrong key or a lost volume, and starting empty would hide it.
     *
     * @return {@code start-fresh} or {@code fail}, the agent's {@code --when-none} values
     */
    static String whenNone(LoomioInstance i) {
        WhenNoBackup rule = i.getSpec().getPostgres().getRestore().getWhenNoBackup();
        boolean backedUp = i.getStatus() != null && i.getStatus().getBackup() != null
                && i.getStatus().getBackup().lastSuccess() != null;
        return switch (rule) {
            case START_FRESH -> "start-fresh";
            case FAIL -> "fail";
            case AUTO -> backedUp ? "fail" : "start-fresh";
        };
    }
}
