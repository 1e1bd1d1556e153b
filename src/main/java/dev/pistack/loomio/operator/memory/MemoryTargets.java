package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.dependent.ChildEventSources;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.DatabaseLogin;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Tells the memory sampler what to sample of an instance, from the informer caches the reconcile just read. */
public final class MemoryTargets {
    private MemoryTargets() {
    }

    /**
     * RAM mode: sample the instance's Postgres and Redis pods; development or a stopped data tier (hibernation):
     * sample nothing.
     */
    public static void update(MemorySampleSource source, LoomioInstance instance, boolean dataRunning,
            Context<LoomioInstance> context) {
        if (!instance.getSpec().getEnvironment().ramMode() || !dataRunning) {
            source.untrack(ResourceID.fromResource(instance));
            return;
        }
        Pod postgres = ChildEventSources.get(context, Pod.class, ChildEventSources.PODS,
                Names.postgres(instance) + "-0").orElse(null);
        Pod redis = ChildEventSources.get(context, Pod.class, ChildEventSources.PODS, Names.redis(instance) + "-0")
                .orElse(null);
        Map<String, String> credentials = ChildEventSources.get(context, Secret.class, ChildEventSources.SECRETS,
                Names.credentialsSecret(instance))
                .map(Secret::getData).orElse(Map.of());
        DatabaseLogin database = DatabaseLogin.monitor(DatabaseLogin.rolesIn(Optional.ofNullable(postgres)));
        source.track(new SampleTarget(instance, postgres, redis, database.user(),
                decoded(credentials, database.passwordKey()), decoded(credentials, CredentialsSecret.REDIS_PASSWORD)));
    }

    private static String decoded(Map<String, String> data, String key) {
        String b64 = data.get(key);
        return b64 == null ? null : new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }
}
