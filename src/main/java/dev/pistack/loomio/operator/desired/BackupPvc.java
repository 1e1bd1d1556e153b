package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LocalBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Desired local backup PVC ({@code <name>-backups}): written by the backup CronJob's pods, read by the restore init
 * container. ReadWriteOnce is enough on a one-node Pi cluster, where both pods share the node. Not owned by the
 * LoomioInstance: deleting the instance keeps the backups.
 */
public final class BackupPvc {
    public static final String COMPONENT = "backups";

    private BackupPvc() {
    }

    public static PersistentVolumeClaim desired(LoomioInstance i) {
        LocalBackupSpec local = i.getSpec().getBackup().getLocal();
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(Names.backupPvc(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(local.getStorageClassName())
                .withNewResources().addToRequests("storage", new Quantity(local.getSize())).endResources()
                .endSpec()
                .build();
    }
}
