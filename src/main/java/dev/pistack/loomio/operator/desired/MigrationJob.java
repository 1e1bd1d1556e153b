package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/**
 * Desired database migration Job: {@code rake db:prepare} creates and seeds a new database or migrates an existing
 * one. Its name carries a hash of the Loomio image and of the update request (see {@link Names#migrationJob}), so it
 * runs once per image and request. The app tier runs the digest this Job's pod ran (status.release), never the tag,
 * so the schema is migrated for every image a pod starts. Two migrations never run at once: a Job runs one pod at a
 * time, and Rails' migrator holds a PostgreSQL advisory lock while it migrates (another one fails with
 * ConcurrentMigrationError, and the Job retries it).
 *
 * <p>Each attempt is a pod of its own ({@code restartPolicy: Never}): it waits for the database again, and its log
 * stays readable after it failed. {@link #RETRIES} retries, with the Job controller's back-off (10 s, 20 s, 40 s), let
 * a transient failure pass; a migration that fails for a reason of its own (a constraint its data breaks) then fails
 * the Job within about two minutes, which the instance reports as MigrationFailed with the way back.
 */
public final class MigrationJob {
    public static final String COMPONENT = "db-migrate";
    /** The container running the migration, whose imageID becomes the release the app tier runs. */
    public static final String CONTAINER = "migrate";
    /** The annotation holding the image the Job migrates to (its name holds only a hash of it). */
    public static final String IMAGE_ANNOTATION = "loomio.pistack.dev/image";
    /**
     * Set on the instance (any new value; a time by convention) to pick up the image its tag names today: the next
     * migration Job pulls the tag again, after a pre-upgrade backup, and the app tier follows the digest it ran.
     */
    public static final String UPDATE_ANNOTATION = "loomio.pistack.dev/update-requested-at";
    /** Attempts after the first before the Job fails (its backoffLimit). */
    static final int RETRIES = 3;

    private MigrationJob() {
    }

    /** @return the value of {@link #UPDATE_ANNOTATION} on the instance, or null when it is not set */
    public static String updateRequest(LoomioInstance i) {
        return i.getMetadata().getAnnotations() == null
                ? null
                : i.getMetadata().getAnnotations().get(UPDATE_ANNOTATION);
    }

    /**
     * @return the Job migrating to spec.image. Its pod pulls the tag again ({@code imagePullPolicy: Always}) when an
     *     update is requested; otherwise the node's copy of the tag is used, as for any pod.
     * @param database the role the migration logs in as ({@link DatabaseLogin#loomio})
     */
    public static Job desired(LoomioInstance i, DatabaseLogin database) {
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
        Container migrate = RailsPod.container(i, database, CONTAINER, RailsPod.orDefault(i.getSpec().getResources(),
                RailsPod.APP_DEFAULTS), i.getSpec().getImage())
                .withImagePullPolicy(updateRequest(i) == null ? null : "Always")
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
                .withBackoffLimit(RETRIES)
                .withNewTemplate()
                .withNewMetadata().withLabels(Labels.of(i, COMPONENT)).endMetadata()
                .withSpec(RailsPod.podSpec(i)
                        .withRestartPolicy("Never")
                        .withInitContainers(waitForDatabase)
                        .withContainers(migrate)
                        .build())
                .endTemplate()
                .endSpec()
                .build();
    }
}
