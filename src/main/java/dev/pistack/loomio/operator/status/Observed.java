package dev.pistack.loomio.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator observed of the children that decide readiness, as read from its informer caches.
 *
 * @param postgres the Postgres StatefulSet, if it exists
 * @param redis the Redis StatefulSet, if it exists
 * @param deployments the app, worker, channels and hocuspocus Deployments that exist, by name
 */
public record Observed(Optional<StatefulSet> postgres, Optional<StatefulSet> redis,
        Map<String, Deployment> deployments) {
    /** Nothing observed yet: no child exists. */
    public static final Observed NOTHING = new Observed(Optional.empty(), Optional.empty(), Map.of());
}
