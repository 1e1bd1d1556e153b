package dev.pistack.loomio.operator.memory;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import io.javaoperatorsdk.operator.processing.ResourceIDMapper;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ExternalResourceCachingEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The controller's event source of memory samples: one {@link MemoryStatus} per instance, the last significant one
 * ({@link MemoryChange}). Offering a significant sample caches it and triggers a reconcile of its instance, which
 * reads it with {@code context.getSecondaryResource(MemoryStatus.class)}; an insignificant one is dropped, so a
 * steady instance costs no reconcile and no status write. It also keeps the sampling targets, which each reconcile
 * refreshes, and forgets an instance when it is deleted.
 */
public final class MemorySampleSource extends ExternalResourceCachingEventSource<MemoryStatus, LoomioInstance, String>
        implements
            ResourceEventAware<LoomioInstance> {
    /** The event source's name. */
    public static final String NAME = "memory-samples";

    private final Map<ResourceID, SampleTarget> targets = new ConcurrentHashMap<>();
    private final Consumer<ResourceID> onDeleted;

    /** @param onDeleted called with an instance's ID when it is deleted (its metrics go with it) */
    public MemorySampleSource(Consumer<ResourceID> onDeleted) {
        super(NAME, MemoryStatus.class, ResourceIDMapper.singleResourceResourceIDMapper());
        this.onDeleted = onDeleted;
    }

    /** Samples this instance from now on, with what the reconcile just observed. */
    public void track(SampleTarget target) {
        targets.put(ResourceID.fromResource(target.instance()), target);
    }

    /** Stops sampling an instance (it left RAM mode): its sample is dropped without a reconcile. */
    public synchronized void untrack(ResourceID id) {
        targets.remove(id);
        cache.remove(id);
    }

    /** @return the instances to sample, a snapshot */
    public List<SampleTarget> targets() {
        return List.copyOf(targets.values());
    }

    /**
     * @param sample a new sample of the target's instance; replaces the cached one and triggers a reconcile only when
     *     it differs significantly from it (or, before the first, from the instance's status.memory)
     * @return true when the sample was significant
     */
    public synchronized boolean offer(SampleTarget target, MemoryStatus sample) {
        ResourceID id = ResourceID.fromResource(target.instance());
        if (!targets.containsKey(id)) {
            return false;
        }
        MemoryStatus before = getSecondaryResource(id).orElse(target.instance().getStatus() == null
                ? null
                : target.instance().getStatus().getMemory());
        if (!MemoryChange.significant(before, sample, target.instance().getSpec().getMonitoring())) {
            return false;
        }
        handleResources(id, sample);
        return true;
    }

    @Override
    public void onResourceDeleted(LoomioInstance instance) {
        ResourceID id = ResourceID.fromResource(instance);
        untrack(id);
        onDeleted.accept(id);
    }
}
