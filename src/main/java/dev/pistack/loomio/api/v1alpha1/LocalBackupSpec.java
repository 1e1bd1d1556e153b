package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The local backup target: a PersistentVolumeClaim of its own, kept when the instance goes. Restores read it first
 * (no download) when it holds the newest backup.
 */
@ValidationRule(value = Validation.SAME_STORAGE_CLASS,
        message = "backup.local.storageClassName cannot change: the backups would stay on the old volume.")
@ValidationRule(value = Validation.SIZE_ONLY_GROWS,
        message = "backup.local.size cannot shrink: a PersistentVolumeClaim can only grow. Keep the old size or"
                + " larger.")
public class LocalBackupSpec {
    @JsonPropertyDescription("Keep backups on a local PVC too (<name>-backups). On by default: restores are fastest"
            + " from it, and it is the only target when Drive is not configured.")
    @Default("true")
    private boolean enabled = true;

    @JsonPropertyDescription("Size of the backup PVC: room for every backup retention keeps (one compressed,"
            + " encrypted dump each). It can grow, never shrink.")
    @Default("4Gi")
    @Size(max = 32)
    @ValidationRule(value = Validation.STORAGE_QUANTITY, message = Validation.STORAGE_MESSAGE)
    private String size = "4Gi";

    @JsonPropertyDescription("Storage class of the backup PVC; the cluster default (k3s: local-path) when unset.")
    @Size(min = 1, max = 253)
    @Pattern(Validation.DNS_NAME)
    private String storageClassName;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

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
