package dev.pistack.loomio.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.InstanceReference;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreStatus;
import dev.pistack.loomio.api.v1alpha1.ReleaseStatus;
import dev.pistack.loomio.api.v1alpha1.RestorePhase;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The way back from a failed migration, on the real node, as the instance's MigrationFailed message tells a user to
 * go: the image migrated before, then a LoomioRestore of the backup taken before the upgrade.
 *
 * <p>The Loomio images cannot be pulled here, so the releases are {@code localhost/test/rails-migrations:1} and
 * {@code :2} (hack/images/rails-migrations): a Rails application with Active Record and no code of its own, whose
 * {@code bundle exec rake db:prepare} is Rails' real migrator against the instance's real PostgreSQL. Release 2 adds
 * a column and fills it (committed), then a unique index that the data breaks: the database is left partly migrated,
 * the case the way back exists for.
 */
@EndToEnd
class MigrationWayBackE2E {
    private static final Logger LOG = Logger.getLogger(MigrationWayBackE2E.class);
    static final String RELEASE_1 = "localhost/test/rails-migrations:1";
    static final String RELEASE_2 = "localhost/test/rails-migrations:2";
    /** Migration, pre-upgrade backup, then four migration attempts with the Job controller's back-off between. */
    private static final Duration FAIL = Duration.ofMinutes(6);
    private static final Duration RESTORE = Duration.ofMinutes(5);
    /** What the user sees of the schema and the data: migrations run, the table's columns, its rows. */
    private static final String SCHEMA_AND_ROWS = "SELECT version FROM schema_migrations ORDER BY 1;"
            + " SELECT column_name FROM information_schema.columns WHERE table_name = 'decisions' ORDER BY 1;"
            + " SELECT id, title FROM decisions ORDER BY id;"
            + " SELECT indexname FROM pg_indexes WHERE tablename = 'decisions' ORDER BY 1";

    static final KubernetesClient client = Cluster.admin();

    String namespace;
    Durability loop;

    @BeforeEach
    void nodeAndNamespace() {
        namespace = Node.namespace(client, "e2e-wayback");
        loop = new Durability(client, namespace);
    }

    @Test
    void theMessagesWayBackUndoesAPartlyMigratedDatabase() throws Exception {
        LoomioInstance created = Node.createProduction(client, namespace, "128Mi", RELEASE_1);
        loop.awaitDatabaseReady();
        await().atMost(FAIL).until(() -> Optional.ofNullable(loop.instance().getStatus().getRelease())
                .map(ReleaseStatus::image).orElse(""), RELEASE_1::equals);

        Pod postgres = loop.postgresPod(null);
        loop.psql(postgres, "-c", "INSERT INTO decisions (title, created_at, updated_at) VALUES"
                + " ('Lunch on Friday?', now(), now()), ('New logo', now(), now()),"
                + " ('Lunch on Friday?', now(), now())");
        String before = loop.psql(postgres, "-At", "-c", SCHEMA_AND_ROWS);
        assertThat(before).contains("20260101000002", "closed_at", "New logo").doesNotContain("slug");

        long upgradeStart = System.nanoTime();
        LoomioInstance upgraded = Cluster.patch(client, namespace, "loomio",
                "{\"spec\":{\"image\":\"" + RELEASE_2 + "\"}}");
        Condition stalled = await().atMost(FAIL).pollInterval(Duration.ofSeconds(2))
                .until(() -> Conditions.find(loop.instance().getStatus().getConditions(), ConditionType.STALLED),
                        c -> c.isPresent() && "True".equals(c.get().getStatus())
                                && ConditionReason.MIGRATION_FAILED.value().equals(c.get().getReason()))
                .orElseThrow();
        LOG.infof("Stalled %.1f s after the image changed: %s", (System.nanoTime() - upgradeStart) / 1e9,
                stalled.getMessage());
        String preUpgrade = Names.preUpgradeBackup(upgraded);
        assertThat(stalled.getMessage())
                .contains("set spec.image back to " + RELEASE_1)
                .contains("LoomioBackup " + preUpgrade)
                .contains("kubectl logs job/" + Names.migrationJob(upgraded));
        String partly = loop.psql(postgres, "-At", "-c", SCHEMA_AND_ROWS);
        assertThat(partly).as("migration 3 committed before migration 4 failed")
                .contains("20260201000003", "slug").doesNotContain("20260201000004");

        LoomioBackupStatus backup = client.resources(LoomioBackup.class).inNamespace(namespace).withName(preUpgrade)
                .get().getStatus();
        assertThat(backup.phase()).isEqualTo(BackupPhase.COMPLETED);

        // The way back, step by step as the message names it.
        Cluster.patch(client, namespace, "loomio", "{\"spec\":{\"image\":\"" + RELEASE_1 + "\"}}");
        LoomioRestore wayBack = new LoomioRestore();
        wayBack.setMetadata(new ObjectMetaBuilder().withName("way-back").withNamespace(namespace).build());
        LoomioRestoreSpec spec = new LoomioRestoreSpec();
        spec.setInstanceRef(new InstanceReference(created.getMetadata().getName()));
        spec.setBackup(backup.backupName());
        wayBack.setSpec(spec);
        long wayBackStart = System.nanoTime();
        client.resource(wayBack).create();
        LoomioRestoreStatus restored = await().atMost(RESTORE).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resource(wayBack).get().getStatus(),
                        s -> s != null && s.phase() != null && s.phase().finished());
        assertThat(restored.phase()).as(restored.message()).isEqualTo(RestorePhase.COMPLETED);
        loop.awaitDatabaseReady();
        LOG.infof("way back: LoomioRestore %s in %.1f s (%s)", restored.phase(),
                (System.nanoTime() - wayBackStart) / 1e9,
                restored.message());

        assertThat(loop.psql(loop.postgresPod(null), "-At", "-c", SCHEMA_AND_ROWS))
                .as("schema and rows as before the upgrade").isEqualTo(before);
        LoomioInstance back = await().atMost(RESTORE).until(loop::instance, i -> !Conditions.isTrue(
                i.getStatus().getConditions(), ConditionType.STALLED));
        assertThat(back.getStatus().getRelease().image()).isEqualTo(RELEASE_1);
        await().atMost(RESTORE).until(() -> client.batch().v1().jobs().inNamespace(namespace)
                .withName(Names.migrationJob(upgraded)).get() == null);
    }
}
