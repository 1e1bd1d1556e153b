package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/**
 * A LoomioBackup the operator takes on an instance's behalf (a planned stop's final backup, the backup before a
 * migration), owned by the instance: its record goes with the instance, the backup file stays on the targets.
 */
public final class OwnedBackup {
    private OwnedBackup() {
    }

    /**
     * @param name the LoomioBackup's name (its Job's too: at most 63 characters)
     * @param component the component label, which says what took it
     * @param kind the kind, part of the backup's file name
     * @return the LoomioBackup to create
     */
    public static LoomioBackup desired(LoomioInstance i, String name, String component, BackupKind kind) {
        LoomioBackup b = new LoomioBackup();
        b.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, component))
                .withOwnerReferences(List.of(Owners.controller(i))).build());
        LoomioBackupSpec spec = new LoomioBackupSpec();
        spec.setInstanceRef(new InstanceReference(i.getMetadata().getName()));
        spec.setKind(kind);
        b.setSpec(spec);
        return b;
    }
}
