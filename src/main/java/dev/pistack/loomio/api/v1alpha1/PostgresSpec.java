package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The Postgres server: one replica, data in RAM (production) or on a PVC (development). */
@ValidationRule(value = Validation.SAME_STORAGE_CLASS,
        message = "postgres.storageClassName cannot change: the data would stay on the old volume. Back up, delete the"
                + " LoomioInstance and its PVC, and create it again.")
public class PostgresSpec {
    /**
     * Default image: PostgreSQL 17, the major upstream runs (POSTGRES_CONTAINER_TAG=17, loomio/loomio
     * deploy/env_template, commit 0bcb9de8). Instances created with 15 keep it until their spec says otherwise.
     */
    public static final String DEFAULT_IMAGE = "postgres:17";

    @JsonPropertyDescription("Postgres container image (15 and 17 are tested). A production instance moves to another"
            + " major with a planned restart, which carries the data through a dump; development cannot change it.")
    @Default(DEFAULT_IMAGE)
    @Size(min = 1, max = 255)
    @ValidationRule(value = Validation.IMAGE_RULE, message = "postgres.image" + Validation.IMAGE_MESSAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Size of the data volume: the tmpfs sizeLimit in production (RAM), the PVC size in"
            + " development. Writes fail with 'No space left on device' when it is full.")
    @Default("1Gi")
    @Size(max = 32)
    @ValidationRule(value = Validation.MEMORY_QUANTITY, message = Validation.MEMORY_MESSAGE)
    private String dataSize = "1Gi";

    @JsonPropertyDescription("How the database comes back from backups when Postgres starts with an empty data"
            + " directory: every start in production, the first in development.")
    @Default("{}")
    private RestoreSpec restore = new RestoreSpec();

    @JsonPropertyDescription("CPU and memory of the Postgres process, excluding its data (defaults: 500m, 256Mi).")
    private ComputeResources resources;

    @JsonPropertyDescription("Storage class of the data PVC in development mode; the cluster default when unset."
            + " Ignored in production.")
    @Size(min = 1, max = 253)
    @Pattern(Validation.DNS_NAME)
    private String storageClassName;

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public String getDataSize() {
        return dataSize;
    }

    public void setDataSize(String dataSize) {
        this.dataSize = dataSize;
    }

    public ComputeResources getResources() {
        return resources;
    }

    public void setResources(ComputeResources resources) {
        this.resources = resources;
    }

    public String getStorageClassName() {
        return storageClassName;
    }

    public void setStorageClassName(String storageClassName) {
        this.storageClassName = storageClassName;
    }

    public RestoreSpec getRestore() {
        return restore;
    }

    public void setRestore(RestoreSpec restore) {
        this.restore = restore;
    }
}
