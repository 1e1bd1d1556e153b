package dev.pistack.loomio.operator.dependent;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.CredentialsSecret;
import dev.pistack.loomio.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import java.security.SecureRandom;

/**
 * Creates the credentials Secret once. Creator only: never updated (a new password would lock the app out of its
 * database) and not garbage-collected (no owner reference), so it outlives the LoomioInstance with the data.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class CredentialsSecretDependent extends KubernetesDependentResource<Secret, LoomioInstance>
        implements Creator<Secret, LoomioInstance> {
    private final SecureRandom random = new SecureRandom();

    public CredentialsSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(LoomioInstance primary, Context<LoomioInstance> context) {
        return CredentialsSecret.desired(primary, random);
    }
}
