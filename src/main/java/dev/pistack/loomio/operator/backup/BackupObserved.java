package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.ProgressReport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Optional;

/**
 * What the LoomioBackup controller saw, the input of {@link BackupProgress#next}.
 *
 * @param backup the LoomioBackup
 * @param instance the LoomioInstance it names, if it exists
 * @param job its Job, if it exists
 * @param pods the pods of its Job
 * @param blockers the other backup runs of the same instance that go first: Jobs still running (scheduled or on
 *     demand) and, by name, older LoomioBackups still Pending; empty when this one may start
 * @param progress the newest progress line of its running agent ({@link ProgressLogs}), if any
 */
public record BackupObserved(LoomioBackup backup, Optional<LoomioInstance> instance, Optional<Job> job,
        List<Pod> pods, List<String> blockers, Optional<ProgressReport> progress) {
    /** What was observed, with no progress reported. */
    public BackupObserved(LoomioBackup backup, Optional<LoomioInstance> instance, Optional<Job> job, List<Pod> pods,
            List<String> blockers) {
        this(backup, instance, job, pods, blockers, Optional.empty());
    }
}
