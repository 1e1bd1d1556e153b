package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Names;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The BackupVerified condition, from the newest restore test in {@code status.backup.lastVerified}. */
public final class RestoreTestHealth {
    private RestoreTestHealth() {
    }

    /**
     * @param healthy the condition's status
     * @param message what was tested and what came of it, for people
     */
    public record Verified(boolean healthy, ConditionReason reason, String message) {
    }

    /** @return the condition, or empty while restore tests are off or none has finished */
    public static Optional<Verified> evaluate(LoomioInstance i, BackupStatus backup) {
        if (!BackupAgent.enabled(i) || !i.getSpec().getBackup().getRestoreTest().isEnabled() || backup == null
                || backup.lastVerified() == null) {
            return Optional.empty();
        }
        RestoreTestRecord t = backup.lastVerified();
        String tested = t.name() == null ? "the restore test" : "backup " + t.name();
        if (t.passed()) {
            return Optional.of(new Verified(true, ConditionReason.RESTORE_TEST_PASSED, tested + " (" + t.target()
                    + ") restored into a scratch server at " + t.time() + ": " + t.tables() + " tables, " + t.rows()
                    + " rows, each as in the backup" + counts(t.counts())));
        }
        return Optional.of(new Verified(false, ConditionReason.RESTORE_TEST_FAILED, tested + " failed its restore"
                + " test at " + t.time() + " (" + t.reason() + "): " + t.message() + ". Restores skip a backup that"
                + " is not authentic, so check the newer backups: kubectl create job --from=cronjob/"
                + Names.restoreTestCronJob(i) + " <name> tests the newest again"));
    }

    private static String counts(Map<String, Long> counts) {
        if (counts == null || counts.isEmpty()) {
            return "";
        }
        return " (" + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")) + ")";
    }
}
