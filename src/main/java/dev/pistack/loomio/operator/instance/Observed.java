package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator observed of the children that decide readiness, as read from its informer caches.
 *
 * @param postgres the Postgres StatefulSet, if it exists
 * @param redis the Redis StatefulSet, if it exists
 * @param deployments the app, worker and hocuspocus Deployments that exist, by name
 * @param postgresPod the Postgres pod, if it exists (its restore init containers report the restore)
 * @param backupPods the pods of backup Jobs still kept (their termination messages report the backups)
 * @param restoreTestPods the pods of restore-test Jobs still kept (their termination messages report the tests)
 * @param memory the last significant memory sample (RAM mode), if one was taken since the operator started
 * @param restoreProgress what the running restore container reported last, as a person reads it (the one figure
 *     not from a cache: the log tail of that container, {@code RestoreProgressReader})
 */
public record Observed(Optional<StatefulSet> postgres, Optional<StatefulSet> redis,
        Map<String, Deployment> deployments, Optional<Pod> postgresPod, List<Pod> backupPods,
        List<Pod> restoreTestPods, Optional<MemoryStatus> memory, Optional<String> restoreProgress) {
    /** Nothing observed yet: no child exists. */
    public static final Observed NOTHING = new Observed(Optional.empty(), Optional.empty(), Map.of(),
            Optional.empty(), List.of(), List.of(), Optional.empty());

    /** What was observed, no restore running (or none reporting progress). */
    public Observed(Optional<StatefulSet> postgres, Optional<StatefulSet> redis, Map<String, Deployment> deployments,
            Optional<Pod> postgresPod, List<Pod> backupPods, List<Pod> restoreTestPods,
            Optional<MemoryStatus> memory) {
        this(postgres, redis, deployments, postgresPod, backupPods, restoreTestPods, memory, Optional.empty());
    }
}
