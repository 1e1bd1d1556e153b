package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.agent.credentials.CredentialsFetch;
import dev.pistack.loomio.agent.crypto.FernetKey;
import dev.pistack.loomio.agent.drive.DriveClients;
import dev.pistack.loomio.agent.drive.DriveTarget;
import dev.pistack.loomio.agent.offsite.OffsiteTargets;
import dev.pistack.loomio.agent.s3.S3Clients;
import dev.pistack.loomio.agent.s3.S3Target;
import dev.pistack.loomio.agent.store.BackupTarget;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import dev.pistack.loomio.operator.desired.Names;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Decides, for an instance whose credentials Secret does not exist, between a new install and a recovery: it reads
 * the off-site targets of the backup Secret (Drive, S3) in the operator's process, as the backup agent would, for the
 * newest authentic copy of the credentials Secret ({@link CredentialsFetch}). The local volume is not read: it lives
 * on the node's disk, which a recovery has lost, and the operator does not mount it.
 *
 * <p>The backup key and the targets' credentials are read from their Secrets for this call only, never kept, logged
 * or copied into a message.
 */
public final class CredentialsRecovery {
    /** How long one target may keep retrying: a reconcile waits for it. */
    static final String RETRY_BUDGET_MILLIS = "30000";

    /**
     * @param reason {@link ConditionReason#CREDENTIALS_RECOVERED} (data holds the copy),
     *     {@link ConditionReason#CREDENTIALS_GENERATED} (a new install, also when no off-site target is configured)
     *     or {@link ConditionReason#CREDENTIALS_RECOVERY_FAILED} (nothing may be created yet)
     * @param data the recovered Secret's keys and values, or null
     * @param message for the Event or the Stalled condition; never a value
     */
    public record Decision(ConditionReason reason, Map<String, String> data, String message) {
        /** @return true when a Secret may be created: recovered values, or new ones for a new install */
        public boolean decided() {
            return reason != ConditionReason.CREDENTIALS_RECOVERY_FAILED;
        }

        @Override
        public String toString() {
            return "Decision(" + reason + ", keys=" + (data == null ? null : data.keySet()) + ", " + message + ")";
        }
    }

    private CredentialsRecovery() {
    }

    /**
     * @param instance an instance with backups (spec.backup.secretRef set) whose credentials Secret does not exist
     * @return what to create; the targets are read only when the backup Secret configures Drive or S3
     */
    public static Decision decide(LoomioInstance instance, KubernetesClient client) {
        String namespace = instance.getMetadata().getNamespace();
        Map<String, String> env = new HashMap<>();
        Secret backup = client.secrets().inNamespace(namespace)
                .withName(instance.getSpec().getBackup().getSecretRef().getName()).get();
        if (backup == null) {
            return new Decision(ConditionReason.CREDENTIALS_RECOVERY_FAILED, null, "the backup Secret "
                    + instance.getSpec().getBackup().getSecretRef().getName() + " does not exist: the off-site"
                    + " targets, which may hold this instance's credentials, cannot be read");
        }
        env.putAll(OffsiteSettings.values(backup));
        if (instance.getSpec().getBackup().getDriveSecretRef() != null) {
            Secret drive = client.secrets().inNamespace(namespace)
                    .withName(instance.getSpec().getBackup().getDriveSecretRef().getName()).get();
            if (drive != null) {
                env.putAll(OffsiteSettings.values(drive));
            }
        }
        String self = namespace + "/" + instance.getMetadata().getName();
        env.put(AgentCli.ENV_INSTANCE, self);
        env.put(AgentCli.ENV_DRIVE_SUBFOLDER, Names.offsiteFolder(instance));
        env.put("GDRIVE_RETRY_MAX_ELAPSED_MS", RETRY_BUDGET_MILLIS);
        env.put("S3_RETRY_MAX_ATTEMPTS", "3");
        List<BackupTarget> targets = new ArrayList<>();
        FernetKey key;
        S3Client s3 = null;
        try {
            key = FernetKey.fromSecret(env.get(AgentCli.ENV_ENCRYPTION_KEY));
            OffsiteTargets offsite = OffsiteTargets.fromEnvironment(env);
            if (offsite.drive() != null) {
                targets.add(new DriveTarget(DriveClients.create(offsite.drive()), offsite.drive()));
            }
            if (offsite.s3() != null) {
                s3 = S3Clients.create(offsite.s3());
                targets.add(new S3Target(s3, offsite.s3()));
            }
            return decide(instance, self, key, targets);
        } catch (IllegalArgumentException | IOException e) {
            return new Decision(ConditionReason.CREDENTIALS_RECOVERY_FAILED, null,
                    "the backup Secret's settings are not"
                            + " usable: " + e.getMessage());
        } finally {
            if (s3 != null) {
                s3.close();
            }
        }
    }

    private static Decision decide(LoomioInstance instance, String self, FernetKey key, List<BackupTarget> targets) {
        if (targets.isEmpty()) {
            return new Decision(ConditionReason.CREDENTIALS_GENERATED, null, "no off-site target is configured, so none"
                    + " can hold a copy: new credentials were generated");
        }
        CredentialsFetch.Result result = CredentialsFetch.newest(targets, key, self);
        return switch (result.outcome()) {
            case FOUND -> new Decision(ConditionReason.CREDENTIALS_RECOVERED, result.copy().data(),
                    "taken back from " + result.source()
                            + ": the copy sealed " + result.copy().sealedAt() + " with key " + key.fingerprint() + " ("
                            + result.copy().data().size() + " keys)");
            case NONE -> new Decision(ConditionReason.CREDENTIALS_GENERATED, null,
                    "no off-site target holds a copy of this instance's"
                            + " credentials: a new install, new credentials were generated");
            case NO_AUTHENTIC,
                    FAILED ->
                new Decision(ConditionReason.CREDENTIALS_RECOVERY_FAILED, null, "the credentials Secret "
                        + Names.credentialsSecret(instance) + " does not exist and " + result.message() + ". Nothing"
                        + " is generated until this is settled: new credentials would not match the backups' (fix"
                        + " the backup Secret, or create the credentials Secret yourself)");
        };
    }
}
