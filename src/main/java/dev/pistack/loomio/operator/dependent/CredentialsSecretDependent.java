package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.VapidKeys;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Creates the credentials Secret once. A value is never updated (a new password would lock the app out of its
 * database); only a key the Secret lacks is added (a Secret made by an earlier version has no VAPID keys). Not
 * garbage-collected (no owner reference; the SDK maps it back to its instance through annotations), so it outlives
 * the LoomioInstance with the data.
 */
public class CredentialsSecretDependent extends KubernetesDependentResource<Secret, LoomioInstance>
        implements
            Creator<Secret, LoomioInstance>,
            Updater<Secret, LoomioInstance> {
    private final Random random;
    private final Supplier<VapidKeys> vapid;

    public CredentialsSecretDependent() {
        this(new SecureRandom(), () -> VapidKeys.generate(new SecureRandom()));
    }

    /**
     * @param random the source of the generated passwords; tests pass a seeded one to get repeatable output
     * @param vapid the source of VAPID key pairs; tests pass a fixed one
     */
    CredentialsSecretDependent(Random random, Supplier<VapidKeys> vapid) {
        super(Secret.class);
        this.random = random;
        this.vapid = vapid;
    }

    @Override
    protected Secret desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return CredentialsSecret.desired(primary, random, vapid.get(),
                WorkflowInputs.of(context).recoveredCredentials());
    }

    /** Matched when every key exists: the values are never compared, so never replaced. */
    @Override
    public Matcher.Result<Secret> match(Secret actual, LoomioInstance primary, Context<LoomioInstance> context) {
        return Matcher.Result.nonComputed(CredentialsSecret.complete(actual));
    }

    /** Adds the missing keys with a patch of their own; the keys that exist are not part of it. */
    @Override
    public Secret update(Secret actual, Secret desired, LoomioInstance primary, Context<LoomioInstance> context) {
        Map<String, String> missing = CredentialsSecret.missing(actual, desired);
        return context.getClient().secrets().inNamespace(actual.getMetadata().getNamespace())
                .withName(actual.getMetadata().getName())
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("data", missing)));
    }

    /** By name: the SDK would otherwise build the desired Secret, passwords and all, just to learn its name. */
    @Override
    protected ResourceID targetSecondaryResourceID(LoomioInstance primary, Context<LoomioInstance> context) {
        return new ResourceID(Names.credentialsSecret(primary), primary.getMetadata().getNamespace());
    }
}
