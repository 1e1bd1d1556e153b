package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Desired uploads PVC. Always on disk (attachments are not in the database backups), ReadWriteOnce because a
 * Pi cluster is one node, and not owned by the LoomioInstance so that deleting the instance keeps the files.
 */
public final class UploadsPvc {
    public static final String COMPONENT = "uploads";

    private UploadsPvc() {
    }

    public static PersistentVolumeClaim desired(LoomioInstance i) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(Names.uploads(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(i.getSpec().getUploads().getStorageClassName())
                .withNewResources().addToRequests("storage", new Quantity(i.getSpec().getUploads().getSize()))
                .endResources()
                .endSpec()
                .build();
    }
}
