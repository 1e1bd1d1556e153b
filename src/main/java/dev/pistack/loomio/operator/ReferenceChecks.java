package dev.pistack.loomio.operator;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.status.ConditionReason;
import dev.pistack.loomio.operator.status.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Checks the objects a LoomioInstance refers to but does not own, so a missing one shows as a condition with a
 * clear message instead of pods stuck in CreateContainerConfigError.
 */
@ApplicationScoped
public class ReferenceChecks {
    /**
     * One GET per reconcile, and only when smtpSecretRef is set: cheaper on a Pi than caching every Secret of the
     * cluster in an informer. The Secret's data is fetched with it but never used, logged or copied.
     *
     * @return one problem per missing reference
     */
    public List<Problem> problems(LoomioInstance instance, KubernetesClient client) {
        if (instance.getSpec().getSmtpSecretRef() == null) {
            return List.of();
        }
        String name = instance.getSpec().getSmtpSecretRef().getName();
        Secret secret = client.secrets().inNamespace(instance.getMetadata().getNamespace()).withName(name).get();
        if (secret != null) {
            return List.of();
        }
        return List.of(new Problem(ConditionReason.SMTP_SECRET_MISSING, "spec.smtpSecretRef names Secret " + name
                + ", which does not exist in namespace " + instance.getMetadata().getNamespace()
                + ": create it with the SMTP_* keys, or remove smtpSecretRef"));
    }
}
