package dev.pistack.loomio.operator.desired;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/**
 * A memory-backed emptyDir (tmpfs): what the pods use for anything that must not reach the node's SD card (RAM-mode
 * data, staged backups, sockets, /tmp). Its pages count against the memory limit of the container that writes them.
 */
final class MemoryVolume {
    private MemoryVolume() {
    }

    /** @param sizeLimit the tmpfs size, a Kubernetes quantity */
    static Volume of(String name, String sizeLimit) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().withMedium("Memory")
                .withSizeLimit(new Quantity(sizeLimit)).endEmptyDir().build();
    }
}
