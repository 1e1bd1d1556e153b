package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Desired database migration Job: {@code rake db:prepare} creates and seeds a new database or migrates an existing
 * one. Its name carries a hash of the Loomio image (see {@link Names#migrationJob}), so it runs once per image.
 */
public final class MigrationJob {
    public static final String COMPONENT = "db-migrate";
    /** The annotation holding the image the Job migrates to (its name holds only a hash of it). */
    public static final String IMAGE_ANNOTATION = "loomio.pistack.dev/image";

    private MigrationJob() {
    }

    public static Job desired(LoomioInstance i) {
        // Waits for Postgres with the Postgres image's pg_isready, instead of burning the Job's retries on a
        // database that is still starting (or still being restored).
        Container waitForDatabase = new ContainerBuilder()
                .withName("wait-for-database")
                .withImage(i.getSpec().getPostgres().getImage())
                .withCommand("sh", "-c", "until pg_isready -h " + Names.postgres(i) + " -p " + PostgresStatefulSet.PORT
                        + "; do sleep 2; done")
                .withResources(RailsPod.resources("10m", "16Mi", "64Mi"))
                .withSecurityContext(PodSecurity.upstreamRootContainer())
                .build();
        Container migrate = RailsPod.container(i, "migrate", RailsPod.orDefault(i.getSpec().getResources(),
                RailsPod.APP_DEFAULTS))
                .withArgs("bundle", "exec", "rake", "db:prepare")
                .build();
        return new JobBuilder()
                .withNewMetadata()
                .withName(Names.migrationJob(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .addToAnnotations(IMAGE_ANNOTATION, i.getSpec().getImage())
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(10)
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(i, COMPONENT)).endMetadata()
                .withSpec(RailsPod.podSpec(i)
                        .withRestartPolicy("OnFailure")
                        .withInitContainers(waitForDatabase)
                        .withContainers(migrate)
                        .build())
                .endTemplate()
                .endSpec()
                .build();
    }
}
