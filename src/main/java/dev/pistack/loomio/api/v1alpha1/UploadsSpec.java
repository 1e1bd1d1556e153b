package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The uploads volume (attachments, avatars): always on disk, in both environments, and kept when the instance goes. */
@ValidationRule(value = Validation.SAME_STORAGE_CLASS,
        message = "uploads.storageClassName cannot change: the files would stay on the old volume. Copy them to a new"
                + " PVC by hand instead.")
@ValidationRule(value = Validation.SIZE_ONLY_GROWS,
        message = "uploads.size cannot shrink: a PersistentVolumeClaim can only grow. Keep the old size or larger.")
public class UploadsSpec {
    @JsonPropertyDescription("Size of the uploads PVC. It can grow (if the storage class allows expansion), never"
            + " shrink.")
    @Default("5Gi")
    @Size(max = 32)
    @ValidationRule(value = Validation.STORAGE_QUANTITY, message = Validation.STORAGE_MESSAGE)
    private String size = "5Gi";

    @JsonPropertyDescription("Storage class of the uploads PVC; the cluster default (k3s: local-path) when unset.")
    @Size(min = 1, max = 253)
    @Pattern(Validation.DNS_NAME)
    private String storageClassName;

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }
}
