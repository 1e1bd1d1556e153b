package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/** What every pod running the Loomio image shares: env, uploads volume, the migration gate, security settings. */
final class RailsPod {
    static final String UPLOADS_VOLUME = "uploads";
    static final ResourceRequirements APP_DEFAULTS = resources("250m", "512Mi", "1Gi");
    static final ResourceRequirements WORKER_DEFAULTS = resources("100m", "384Mi", "768Mi");
    /**
     * The migration gate loads Rails once and exits. A pod's request is the largest of its init containers' and the
     * sum of its containers', so a small request keeps hocuspocus' pod small; the limit lets Rails boot.
     */
    static final ResourceRequirements MIGRATION_GATE = resources("10m", "128Mi", "768Mi");
    /** hocuspocus is one Node.js process holding the documents being edited: small. */
    static final ResourceRequirements HOCUSPOCUS_DEFAULTS = resources("50m", "96Mi", "256Mi");

    private RailsPod() {
    }

    /**
     * A Rails container with the given Loomio image, env and SMTP Secret. Callers give rake tasks as args, not command, as
     * upstream's "docker compose run --rm app rake db:migrate" (deploy/UPGRADING.md) replaces only the image's CMD.
     */
    static ContainerBuilder container(LoomioInstance i, DatabaseLogin database, String name,
            ResourceRequirements resources, String image) {
        return new ContainerBuilder()
                .withName(name)
                .withImage(image)
                .withEnv(LoomioEnv.rails(i, database))
                .withEnvFrom(LoomioEnv.smtp(i))
                .withResources(resources)
                .withSecurityContext(PodSecurity.upstreamRootContainer());
    }

    /**
     * Waits until the migration Job has brought the schema up to this image: {@code rake
     * db:abort_if_pending_migrations} fails while migrations are pending, so the pod's containers start only on a
     * migrated database and the old pods keep serving meanwhile. With the app tier on the migrated digest it passes
     * at once; it guards a first install (no release yet) and a database restored from an older release.
     */
    static Container waitForMigrations(LoomioInstance i, DatabaseLogin database, String image) {
        return container(i, database, "wait-for-migrations", MIGRATION_GATE, image)
                .withArgs("bundle", "exec", "rake", "db:abort_if_pending_migrations")
                .build();
    }

    /** The uploads PVC where loomio-deploy mounts ./uploads, ./storage and ./files, one subdirectory each. */
    static List<VolumeMount> uploadsMounts() {
        return List.of(
                mount("system", "/loomio/public/system"),
                mount("storage", "/loomio/storage"),
                mount("files", "/loomio/public/files"));
    }

    /**
     * A pod spec with the security settings the Loomio image allows, and no ServiceAccount token: Loomio never calls
     * the Kubernetes API.
     */
    static PodSpecBuilder podSpec() {
        return new PodSpecBuilder()
                .withSecurityContext(PodSecurity.upstreamRootPod())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false);
    }

    /** {@link #podSpec()} with the uploads volume. */
    static PodSpecBuilder podSpec(LoomioInstance i) {
        return podSpec()
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
