package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Names of the children of one LoomioInstance; every child is named {@code <instance>-<component>}. */
public final class Names {
    /** Database name, as loomio-deploy calls it. */
    public static final String DATABASE = "loomio_production";
    /**
     * Postgres' superuser (the postgres image's default): logs in over the Postgres pod's Unix socket only; Loomio
     * and the backups log in as {@link DatabaseLogin#LOOMIO}.
     */
    public static final String DATABASE_SUPERUSER = "postgres";

    private Names() {
    }

    public static String credentialsSecret(LoomioInstance i) {
        return i.getMetadata().getName() + "-credentials";
    }

    public static String postgres(LoomioInstance i) {
        return i.getMetadata().getName() + "-postgres";
    }

    public static String redis(LoomioInstance i) {
        return i.getMetadata().getName() + "-redis";
    }

    public static String app(LoomioInstance i) {
        return i.getMetadata().getName() + "-app";
    }

    public static String worker(LoomioInstance i) {
        return i.getMetadata().getName() + "-worker";
    }

    public static String hocuspocus(LoomioInstance i) {
        return i.getMetadata().getName() + "-hocuspocus";
    }

    /** The app tier's Deployments: app, worker, hocuspocus. */
    public static List<String> appTier(LoomioInstance i) {
        return List.of(app(i), worker(i), hocuspocus(i));
    }

    public static String uploads(LoomioInstance i) {
        return i.getMetadata().getName() + "-uploads";
    }

    public static String ingress(LoomioInstance i) {
        return i.getMetadata().getName();
    }

    /** The backup CronJob. */
    public static String backupCronJob(LoomioInstance i) {
        return i.getMetadata().getName() + "-backup";
    }

    /** The restore-test CronJob. */
    public static String restoreTestCronJob(LoomioInstance i) {
        return i.getMetadata().getName() + "-restore-test";
    }

    /** The local backup PVC; not owned, so the backups outlive the instance. */
    public static String backupPvc(LoomioInstance i) {
        return i.getMetadata().getName() + "-backups";
    }

    /** The ConfigMap the restore init container reads its no-backup rule from at each start. */
    public static String restore(LoomioInstance i) {
        return i.getMetadata().getName() + "-restore";
    }

    /**
     * The off-site folder of this instance's backups, its Drive subfolder and its S3 key prefix:
     * {@code <namespace>.<name>}, unique in the cluster (a namespace name has no dots), so instances sharing a Drive
     * folder or a bucket never read each other's backups.
     */
    public static String offsiteFolder(LoomioInstance i) {
        return AgentCli.instanceFolder(i.getMetadata().getNamespace() + "/" + i.getMetadata().getName());
    }

    /**
     * The migration Job is named after the image it migrates to and the update request it answers ({@link
     * MigrationJob#UPDATE_ANNOTATION}), so a new image or a new request gets a new Job (a Job's pod template is
     * immutable) while the same image keeps the finished one.
     *
     * @return {@code <instance>-db-migrate-<first 10 hex digits of SHA-256(image)>} without an update request, of
     *     SHA-256(image + "\n" + request) with one; at most 63 characters for names of up to 42 characters
     */
    public static String migrationJob(LoomioInstance i) {
        return i.getMetadata().getName() + "-db-migrate-" + imageHash(i);
    }

    /**
     * The LoomioBackup taken before the migration of the current image and update request: at most 62 characters, as
     * its Job's name.
     */
    public static String preUpgradeBackup(LoomioInstance i) {
        return i.getMetadata().getName() + "-pre-upgrade-" + imageHash(i);
    }

    private static String imageHash(LoomioInstance i) {
        String request = MigrationJob.updateRequest(i);
        return sha256(request == null ? i.getSpec().getImage() : i.getSpec().getImage() + "\n" + request)
                .substring(0, 10);
    }

    /**
     * @return a LoomioRestore's safety backup, {@code <instance>-prerestore-<8 hex digits of SHA-256(restore name)>}:
     *     at most 39 + 12 + 8 characters
     */
    public static String preRestoreBackup(LoomioInstance i, String restore) {
        return i.getMetadata().getName() + "-prerestore-" + sha256(restore).substring(0, 8);
    }

    /** @return a LoomioRestore's backup of the restored data, {@code <instance>-postrestore-<8 hex digits>} */
    public static String postRestoreBackup(LoomioInstance i, String restore) {
        return i.getMetadata().getName() + "-postrestore-" + sha256(restore).substring(0, 8);
    }

    /** @return a LoomioRestore's uploads Job, {@code <instance>-uploads-<8 hex digits>} */
    public static String uploadsRestoreJob(LoomioInstance i, String restore) {
        return i.getMetadata().getName() + "-uploads-" + sha256(restore).substring(0, 8);
    }

    /** The Job of an on-demand backup: the LoomioBackup's name (at most 63 characters, checked at apply). */
    public static String backupJob(LoomioBackup b) {
        return b.getMetadata().getName();
    }

    public static String hocuspocusHost(LoomioInstance i) {
        return "hocuspocus." + i.getSpec().getHost();
    }

    static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
