package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Memory of the node that runs the Postgres pod, as {@code kubectl top node} shows it.
 *
 * @param name the node's name
 * @param usedBytes working set of the whole node (Metrics API), bytes
 * @param allocatableBytes the node's allocatable memory, bytes
 * @param percent usedBytes in percent of allocatableBytes, rounded down
 * @param memoryPressure the node's MemoryPressure condition is True: the kubelet evicts pods
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeMemory(
        @JsonPropertyDescription("The node's name.") String name,
        @JsonPropertyDescription("Working set of the node (metrics.k8s.io), bytes.") Long usedBytes,
        @JsonPropertyDescription("The node's allocatable memory, bytes.") Long allocatableBytes,
        @JsonPropertyDescription("usedBytes in percent of allocatableBytes, rounded down.") Integer percent,
        @JsonPropertyDescription("The node's MemoryPressure condition is True.") Boolean memoryPressure) {
}
