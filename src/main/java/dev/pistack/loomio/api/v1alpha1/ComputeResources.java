package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * CPU and memory of a data service's container, excluding its data. The operator sets requests equal to limits
 * (Guaranteed QoS, so node-pressure eviction takes these pods last) and, in RAM mode, adds the data volume's size to
 * the memory limit, because tmpfs pages are charged to the container's memory cgroup.
 */
public class ComputeResources {
    @JsonPropertyDescription("CPU for the container, request and limit, e.g. 500m.")
    @Size(max = 32)
    @ValidationRule(value = Validation.CPU_QUANTITY, message = Validation.CPU_MESSAGE)
    private String cpu;

    @JsonPropertyDescription("Memory for the server process itself, not counting its data. In production the container's"
            + " limit is dataSize + memory, because the RAM-backed data volume is charged to the container.")
    @Size(max = 32)
    @ValidationRule(value = Validation.MEMORY_QUANTITY, message = Validation.MEMORY_MESSAGE)
    private String memory;

    public ComputeResources() {
    }

    public ComputeResources(String cpu, String memory) {
        this.cpu = cpu;
        this.memory = memory;
    }

    public String getCpu() {
        return cpu;
    }

    public void setCpu(String cpu) {
        this.cpu = cpu;
    }

    public String getMemory() {
        return memory;
    }

    public void setMemory(String memory) {
        this.memory = memory;
    }
}
