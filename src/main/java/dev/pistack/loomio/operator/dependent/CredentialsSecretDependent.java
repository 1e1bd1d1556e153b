package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.security.SecureRandom;
import java.util.Random;

/**
 * Creates the credentials Secret once. Creator only: never updated (a new password would lock the app out of its
 * database) and not garbage-collected (no owner reference; the SDK maps it back to its instance through annotations),
 * so it outlives the LoomioInstance with the data.
 */
public class CredentialsSecretDependent extends KubernetesDependentResource<Secret, LoomioInstance>
        implements
            Creator<Secret, LoomioInstance> {
    private final Random random;

    public CredentialsSecretDependent() {
        this(new SecureRandom());
    }

    /** @param random the source of the generated passwords; tests pass a seeded one to get repeatable output */
    CredentialsSecretDependent(Random random) {
        super(Secret.class);
        this.random = random;
    }

    @Override
    protected Secret desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return CredentialsSecret.desired(primary, random);
    }

    /** By name: the SDK would otherwise build the desired Secret, passwords and all, just to learn its name. */
    @Override
    protected ResourceID targetSecondaryResourceID(LoomioInstance primary, Context<LoomioInstance> context) {
        return new ResourceID(Names.credentialsSecret(primary), primary.getMetadata().getNamespace());
    }
}
