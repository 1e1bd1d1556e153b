package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.contract.RestoreTestFailure;
import dev.pistack.loomio.contract.RestoreTestOutcome;
import dev.pistack.loomio.contract.RestoreTestSummary;
import dev.pistack.loomio.contract.Summaries;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Turns the finished pods of restore-test Jobs into {@code status.backup.lastVerified}: the newest test, kept after
 * its pod is gone and replaced only by a newer one.
 */
public final class RestoreTestResults {
    private RestoreTestResults() {
    }

    /**
     * @param backup the backup status so far (runs and inventory), or null
     * @param pods the pods of restore-test Jobs (label component=restore-test), in any phase
     * @return the backup status with the newest test as lastVerified; null when there is nothing at all
     */
    public static BackupStatus merge(BackupStatus backup, List<Pod> pods) {
        RestoreTestRecord newest = backup == null ? null : backup.lastVerified();
        for (Pod pod : pods) {
            Optional<RestoreTestRecord> test = record(pod);
            if (test.isPresent() && (newest == null
                    || BackupResults.time(test.get().time()).isAfter(BackupResults.time(newest.time())))) {
                newest = test.get();
            }
        }
        if (backup == null) {
            return newest == null ? null : new BackupStatus(null, null, null, newest);
        }
        return new BackupStatus(backup.lastSuccess(), backup.lastFailure(), backup.targets(), newest,
                backup.lastSkipped());
    }

    /** @return what a restore-test pod reported, once it finished */
    static Optional<RestoreTestRecord> record(Pod pod) {
        Optional<ContainerStateTerminated> done = BackupResults.terminated(pod);
        if (done.isEmpty()) {
            return Optional.empty();
        }
        ContainerStateTerminated t = done.get();
        Optional<RestoreTestSummary> summary = Summaries.parse(t.getMessage(), RestoreTestSummary.class);
        String job = BackupResults.job(pod);
        if (summary.isEmpty()) {
            boolean oom = "OOMKilled".equals(t.getReason());
            return Optional.of(new RestoreTestRecord(t.getFinishedAt(), null, null, RestoreTestRecord.FAILED,
                    oom ? "OOMKilled" : "RestoreTestPodFailed",
                    oom ? "the restore-test pod ran out of memory (OOMKilled)" : AgentSummary.text(t), null, null,
                    null, null, job));
        }
        RestoreTestSummary s = summary.get();
        boolean passed = "Succeeded".equals(pod.getStatus().getPhase()) && s.status() == RestoreTestOutcome.PASSED;
        String reason = passed
                ? null
                : StatusValues
                        .of(s.status() == RestoreTestOutcome.NONE ? RestoreTestFailure.NO_BACKUP.code() : s.reason());
        return Optional.of(new RestoreTestRecord(t.getFinishedAt(), s.name(), StatusValues.of(s.target()),
                passed ? RestoreTestRecord.PASSED : RestoreTestRecord.FAILED, reason, passed ? null : message(s),
                s.tables(), s.rows(), BackupResults.rows(s.counts()), s.durationSeconds(), job));
    }

    private static String message(RestoreTestSummary summary) {
        StringBuilder m = new StringBuilder(summary.error() == null ? "the restore test failed" : summary.error());
        if (summary.mismatches() != null && !summary.mismatches().isEmpty()) {
            m.append(": ").append(String.join("; ", summary.mismatches()));
        }
        return m.toString();
    }
}
