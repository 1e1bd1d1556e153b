package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/** What every pod running the Loomio (Rails) image shares: env, uploads volume, security settings. */
final class RailsPod {
    static final String UPLOADS_VOLUME = "uploads";
    static final ResourceRequirements APP_DEFAULTS = resources("250m", "512Mi", "1Gi");
    static final ResourceRequirements WORKER_DEFAULTS = resources("100m", "384Mi", "768Mi");

    private RailsPod() {
    }

    /**
     * A Rails container with the Loomio image, env and SMTP Secret. Callers give rake tasks as args, not command, as
     * loomio-deploy's "docker compose run app rake …" replaces only the image's CMD.
     */
    static ContainerBuilder container(LoomioInstance i, String name, ResourceRequirements resources) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(i.getSpec().getImage())
                .withEnv(LoomioEnv.rails(i))
                .withEnvFrom(LoomioEnv.smtp(i))
                .withResources(resources)
                .withSecurityContext(PodSecurity.upstreamRootContainer());
    }

    /** The uploads PVC where loomio-deploy mounts ./uploads, ./storage and ./files, one subdirectory each. */
    static List<VolumeMount> uploadsMounts() {
        return List.of(
                mount("system", "/loomio/public/system"),
                mount("storage", "/loomio/storage"),
                mount("files", "/loomio/public/files"));
    }

    /** A pod spec with the uploads volume and the security settings the Loomio image allows. */
    static PodSpecBuilder podSpec(LoomioInstance i) {
        return new PodSpecBuilder()
                .withSecurityContext(PodSecurity.upstreamRootPod())
                .withEnableServiceLinks(false)
                .addNewVolume().withName(UPLOADS_VOLUME)
                .withNewPersistentVolumeClaim().withClaimName(Names.uploads(i)).endPersistentVolumeClaim()
                .endVolume();
    }

    static ResourceRequirements resources(String cpuRequest, String memoryRequest, String memoryLimit) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(cpuRequest))
                .addToRequests("memory", new Quantity(memoryRequest))
                .addToLimits("memory", new Quantity(memoryLimit))
                .build();
    }

    static ResourceRequirements orDefault(ResourceRequirements given, ResourceRequirements defaults) {
        return given != null ? given : defaults;
    }

    private static VolumeMount mount(String subPath, String path) {
        return new VolumeMountBuilder().withName(UPLOADS_VOLUME).withSubPath(subPath).withMountPath(path).build();
    }
}
