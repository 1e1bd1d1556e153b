package dev.pistack.loomio.operator.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.api.v1alpha1.TargetInventory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Enumerated values in status are CamelCase, as the Kubernetes API conventions want constants and as the condition
 * reasons are: the agent's codes ({@code wrong-key-or-corrupt}, {@code local}, {@code hourly}) become {@code
 * WrongKeyOrCorrupt}, {@code Local}, {@code Hourly}; a LoomioBackup kind keeps its API name ({@code PreUpgrade}).
 * Status written by an earlier operator (lower case) is read through the same functions, so it converges on the next
 * write. Pure functions.
 */
public final class StatusValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A LoomioBackup kind's agent code to its API name ({@code preupgrade} → {@code PreUpgrade}), read once. */
    private static final Map<String, String> KINDS = Arrays.stream(BackupKind.values()).collect(Collectors.toMap(
            BackupKind::agentKind, k -> JSON.convertValue(k, String.class)));

    private StatusValues() {
    }

    /**
     * @param code an agent code, e.g. {@code wrong-key-or-corrupt}, {@code drive}, {@code preupgrade}; or a value
     *     already in CamelCase, returned as it is
     * @return the status value, e.g. {@code WrongKeyOrCorrupt}, {@code Drive}, {@code PreUpgrade}; null for null
     */
    public static String of(String code) {
        if (code == null || code.isEmpty() || Character.isUpperCase(code.charAt(0))) {
            return code;
        }
        String kind = KINDS.get(code);
        if (kind != null) {
            return kind;
        }
        StringBuilder value = new StringBuilder();
        for (String part : code.split("[-_]")) {
            if (!part.isEmpty()) {
                value.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return value.toString();
    }

    /** @return the values of a list, each through {@link #of}; null for null */
    public static List<String> of(List<String> codes) {
        return codes == null ? null : codes.stream().map(StatusValues::of).toList();
    }

    /** @return status.backup with every enumerated value in CamelCase (an earlier operator's status included) */
    public static BackupStatus of(BackupStatus s) {
        if (s == null) {
            return null;
        }
        return new BackupStatus(of(s.lastSuccess()), s.lastFailure(),
                s.targets() == null ? null : s.targets().stream().map(StatusValues::of).toList(), of(s.lastVerified()),
                s.lastSkipped());
    }

    static BackupRecord of(BackupRecord r) {
        return r == null
                ? null
                : new BackupRecord(r.name(), of(r.kind()), r.time(), r.sizeBytes(), r.durationSeconds(),
                        of(r.targets()), r.keyFingerprint(), r.job(), r.rows(), r.runCreated(), r.changeToken());
    }

    static TargetInventory of(TargetInventory t) {
        return new TargetInventory(of(t.target()), t.newest(), t.count(), t.totalBytes(), t.time(), t.freeBytes());
    }

    static RestoreTestRecord of(RestoreTestRecord r) {
        return r == null
                ? null
                : new RestoreTestRecord(r.time(), r.name(), of(r.target()), r.outcome(), of(r.reason()), r.message(),
                        r.tables(), r.rows(), r.counts(), r.durationSeconds(), r.job());
    }

    /** @return status.restore with its source and refusal reasons in CamelCase; null for null */
    public static RestoreStatus of(RestoreStatus r) {
        return r == null
                ? null
                : new RestoreStatus(of(r.source()), r.backup(), r.sqlBytes(), r.durationSeconds(), r.time(), r.pod(),
                        r.skipped() == null
                                ? null
                                : r.skipped().stream().map(s -> new RestoreStatus.SkippedBackup(
                                        s.name(), of(s.target()), of(s.reason()))).toList(),
                        r.warning(), r.uploads());
    }
}
