package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The Redis server: Loomio's cache and ActionCable's subscriptions (Loomio 3.x). It never persists to disk. */
@ValidationRule(value = Validation.SAME_STORAGE_CLASS,
        message = "redis.storageClassName cannot change: the data would stay on the old volume. Delete the Redis PVC"
                + " and the LoomioInstance, and create it again.")
public class RedisSpec {
    /** Default image. */
    public static final String DEFAULT_IMAGE = "redis:7";

    @JsonPropertyDescription("Redis container image.")
    @Default(DEFAULT_IMAGE)
    @Size(min = 1, max = 255)
    @ValidationRule(value = Validation.IMAGE_RULE, message = "redis.image" + Validation.IMAGE_MESSAGE)
    private String image = DEFAULT_IMAGE;

    @JsonPropertyDescription("Size of the data volume: the tmpfs sizeLimit in production, the PVC size in development."
            + " Redis' maxmemory is 90% of it; when full, Redis evicts the least recently used keys (allkeys-lru).")
    @Default("256Mi")
    @Size(max = 32)
    @ValidationRule(value = Validation.MEMORY_QUANTITY, message = Validation.MEMORY_MESSAGE)
    private String dataSize = "256Mi";

    @JsonPropertyDescription("CPU and memory of the Redis process, excluding its data (defaults: 100m, 64Mi).")
    private ComputeResources resources;

    @JsonPropertyDescription("Storage class of the data PVC in development mode; the cluster default when unset.")
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
}
