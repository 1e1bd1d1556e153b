package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.operator.backup.OffsiteSettings;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Checks the objects a LoomioInstance refers to but does not own, so a missing one shows as a condition with a
 * clear message instead of pods stuck in CreateContainerConfigError.
 */
@ApplicationScoped
public class ReferenceChecks {
    static final String BACKUP_KEY = AgentCli.ENV_ENCRYPTION_KEY;
    static final String HOW_TO_CREATE_KEY = "Generate a key with `agent keygen` from the operator's image and run"
            + " kubectl create secret generic <name> --from-literal=" + BACKUP_KEY
            + "=<key> (docs/backups.md, Backups); keep"
            + " a copy of the key outside the cluster.";

    /**
     * One GET per referenced Secret and reconcile: cheaper on a Pi than caching every Secret of the
     * cluster in an informer. The Secret's data is fetched with it but never used, logged or copied.
     *
     * @return one problem per missing reference
     */
    public List<Problem> problems(LoomioInstance instance, KubernetesClient client) {
        List<Problem> problems = new ArrayList<>();
        String namespace = instance.getMetadata().getNamespace();
        if (instance.getSpec().getSmtpSecretRef() != null) {
            String name = instance.getSpec().getSmtpSecretRef().getName();
            if (client.secrets().inNamespace(namespace).withName(name).get() == null) {
                problems.add(new Problem(ConditionReason.SMTP_SECRET_MISSING, "spec.smtpSecretRef names Secret "
                        + name + ", which does not exist in namespace " + namespace
                        + ": create it with the SMTP_* keys, or remove smtpSecretRef"));
            }
        }
        if (BackupAgent.enabled(instance)) {
            String name = instance.getSpec().getBackup().getSecretRef().getName();
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            if (secret == null) {
                problems.add(new Problem(ConditionReason.BACKUP_SECRET_MISSING, "spec.backup.secretRef names Secret "
                        + name + ", which does not exist in namespace " + namespace + ": Postgres cannot start"
                        + " without its restore. " + HOW_TO_CREATE_KEY));
            } else if (!hasValue(secret, BACKUP_KEY)) {
                problems.add(new Problem(ConditionReason.BACKUP_KEY_MISSING, "Secret " + name + " has no "
                        + BACKUP_KEY + ", or an empty one: Postgres cannot start without its restore. "
                        + HOW_TO_CREATE_KEY));
            }
            Secret driveSecret = null;
            if (instance.getSpec().getBackup().getDriveSecretRef() != null) {
                String drive = instance.getSpec().getBackup().getDriveSecretRef().getName();
                driveSecret = client.secrets().inNamespace(namespace).withName(drive).get();
                if (driveSecret == null) {
                    problems.add(new Problem(ConditionReason.BACKUP_SECRET_MISSING, "spec.backup.driveSecretRef names"
                            + " Secret " + drive + ", which does not exist in namespace " + namespace + ": create it"
                            + " with the GDRIVE_* keys (docs/backups.md, Google Drive), or remove driveSecretRef"));
                }
            }
            if (secret != null) {
                OffsiteSettings.problem(secret, driveSecret).ifPresent(message -> problems.add(new Problem(
                        ConditionReason.BACKUP_SETTINGS_INVALID, "the backup Secret's off-site settings are not"
                                + " usable: " + message + " (docs/backups.md)")));
            }
        }
        return problems;
    }

    /**
     * Whether the Secret holds a value for the key that is not blank: an empty key (e.g. from {@code --from-literal=KEY=}
     * of an empty file) is as good as none, and the agent would refuse it only once the pod runs. The value itself is
     * never kept or shown.
     *
     * @param secret as read from the API server ({@code data} base64, as the Kubernetes API holds it), or as written
     *        ({@code stringData})
     */
    static boolean hasValue(Secret secret, String key) {
        String encoded = secret.getData() == null ? null : secret.getData().get(key);
        if (encoded != null && !new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).isBlank()) {
            return true;
        }
        String plain = secret.getStringData() == null ? null : secret.getStringData().get(key);
        return plain != null && !plain.isBlank();
    }
}
