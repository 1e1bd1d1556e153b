package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.ComputeResources;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The shape Postgres and Redis share: a one-replica StatefulSet whose data volume is a memory-backed emptyDir in
 * production (RAM mode) and a PVC from a volumeClaimTemplate in development.
 *
 * <p>In production Postgres' update strategy is OnDelete: any rollout would restart the pod and wipe its RAM, losing
 * what was written since the last backup, so a spec change waits until the user restarts the pod on purpose. Redis
 * holds only Rails' cache, which a restart costs nothing but warmth: it rolls at once (RollingUpdate), so a new
 * setting, such as its password, reaches it with the app tier's.
 */
public final class DataStatefulSet {
    static final String DATA_VOLUME = "data";

    private DataStatefulSet() {
    }

    /**
     * @param shape the environment the StatefulSet is shaped for: RAM (memory emptyDir) or PVC
     * @param container the server container, without resources (they are computed here)
     * @param dataSize the data volume's size (tmpfs sizeLimit or PVC size), a Kubernetes quantity
     * @param own the server's own CPU and memory, excluding data; missing values take the defaults
     * @param tiers one replica while the data tier runs, none while it is stopped (hibernation)
     */
    static StatefulSet of(LoomioInstance i, Environment shape, String component, String name,
            ContainerBuilder container,
            String dataSize, ComputeResources own, ComputeResources defaults, String storageClassName, Tiers tiers) {
        boolean ram = shape.ramMode();
        Container server = container
                .withResources(guaranteed(own, defaults, ram ? dataSize : null))
                .withSecurityContext(PodSecurity.restrictedContainer())
                .addToVolumeMounts(PodSecurity.tmpMount())
                .build();
        List<Volume> volumes = new ArrayList<>();
        if (ram) {
            volumes.add(MemoryVolume.of(DATA_VOLUME, dataSize));
        }
        volumes.add(PodSecurity.tmpVolume());
        StatefulSetBuilder sts = new StatefulSetBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, component))
                .endMetadata()
                .withNewSpec()
                .withReplicas(Tiers.replicas(tiers.data()))
                .withServiceName(name)
                .withNewSelector().withMatchLabels(Labels.selector(i, component)).endSelector()
                .withNewUpdateStrategy().withType(ram && PostgresStatefulSet.COMPONENT.equals(component)
                        ? "OnDelete"
                        : "RollingUpdate")
                .endUpdateStrategy()
                .withNewPersistentVolumeClaimRetentionPolicy()
                .withWhenDeleted("Retain").withWhenScaled("Retain")
                .endPersistentVolumeClaimRetentionPolicy()
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(i, component)).endMetadata()
                .withNewSpec()
                .withSecurityContext(PodSecurity.nonRootPod(PodSecurity.DATA_SERVICE_UID))
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withContainers(server)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec();
        if (!ram) {
            sts.editSpec().withVolumeClaimTemplates(claim(i, component, dataSize, storageClassName)).endSpec();
        }
        return sts.build();
    }

    /** @return the development PVC of the StatefulSet's one pod, {@code data-<statefulset>-0} */
    public static String claimName(String statefulSet) {
        return DATA_VOLUME + "-" + statefulSet + "-0";
    }

    /**
     * @return the environment a data StatefulSet was created for: development when it has a volume claim template
     *     (PVC), production when it has none (a memory-backed emptyDir)
     */
    public static Environment environmentOf(StatefulSet sts) {
        List<PersistentVolumeClaim> claims = sts.getSpec().getVolumeClaimTemplates();
        return claims == null || claims.isEmpty() ? Environment.PRODUCTION : Environment.DEVELOPMENT;
    }

    /**
     * Requests equal to limits, so the pod has Guaranteed QoS and node-pressure eviction takes it last. In RAM mode
     * the memory limit is the data size plus the server's own memory: tmpfs pages are charged to the container's
     * memory cgroup, and a limit below that would let the kernel OOM-kill the server with the data in it.
     */
    static ResourceRequirements guaranteed(ComputeResources own, ComputeResources defaults, String ramData) {
        String cpu = own != null && own.getCpu() != null ? own.getCpu() : defaults.getCpu();
        String memory = own != null && own.getMemory() != null ? own.getMemory() : defaults.getMemory();
        Quantity limit = ramData == null ? new Quantity(memory) : Quantities.sum(ramData, memory);
        Map<String, Quantity> both = new TreeMap<>(Map.of("cpu", new Quantity(cpu), "memory", limit));
        return new ResourceRequirementsBuilder().withRequests(both).withLimits(both).build();
    }

    private static PersistentVolumeClaim claim(LoomioInstance i, String component, String size, String storageClass) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(DATA_VOLUME).withLabels(Labels.of(i, component)).endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(storageClass)
                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                .endSpec()
                .build();
    }
}
