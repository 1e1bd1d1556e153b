package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.operator.backup.RestoreProgressReader;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.desired.BackupCronJob;
import dev.pistack.loomio.operator.desired.Labels;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.RestoreTestCronJob;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the children that decide readiness by name from their kind's informer cache, and the last significant memory
 * sample from its event source; the only API call is the log tail of a restore container while it runs
 * ({@link RestoreProgressReader}).
 */
final class ObservedReader {
    private ObservedReader() {
    }

    static Observed read(LoomioInstance instance, Context<LoomioInstance> context) {
        Map<String, Deployment> deployments = new LinkedHashMap<>();
        for (String name : Names.appTier(instance)) {
            ChildEventSources.get(context, Deployment.class, ChildEventSources.DEPLOYMENTS, name)
                    .ifPresent(d -> deployments.put(name, d));
        }
        Optional<Pod> postgresPod = ChildEventSources.get(context, Pod.class, ChildEventSources.PODS,
                Names.postgres(instance) + "-0");
        return new Observed(
                ChildEventSources.get(context, StatefulSet.class, ChildEventSources.STATEFUL_SETS,
                        Names.postgres(instance)),
                ChildEventSources.get(context, StatefulSet.class, ChildEventSources.STATEFUL_SETS,
                        Names.redis(instance)),
                deployments,
                postgresPod,
                ChildEventSources.pods(context, Labels.selector(instance, BackupCronJob.COMPONENT)),
                ChildEventSources.pods(context, Labels.selector(instance, RestoreTestCronJob.COMPONENT)),
                context.getSecondaryResource(MemoryStatus.class),
                RestoreProgressReader.read(context.getClient(), postgresPod));
    }
}
