package dev.pistack.loomio.operator.desired;

import dev.pistack.loomio.api.v1alpha1.BackupRetention;
import dev.pistack.loomio.api.v1alpha1.BackupSpec;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.contract.AgentCli;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Desired backup CronJob ({@code <name>-backup}): {@code agent backup} against the Postgres Service on
 * {@code spec.backup.schedule} (UTC), to the local PVC and Drive, then retention; its JSON summary is the pod's
 * termination message, which the operator reads into {@code status.backup}.
 *
 * <p>No API token is mounted (the agent needs none), the pod meets the "restricted" Pod Security Standard, and a run
 * never overlaps the next (Forbid) or outlives its hour (activeDeadlineSeconds).
 */
public final class BackupCronJob {
    public static final String COMPONENT = "backup";
    static final String STAGING_VOLUME = "staging";
    static final String STAGING_MOUNT = "/staging";
    static final String CREDENTIALS_VOLUME = "credentials";
    static final String CREDENTIALS_MOUNT = "/credentials";
    /** A run that has not finished in 50 minutes is stuck: the next hourly run takes over. */
    static final long DEADLINE_SECONDS = 3000;
    /** The agent's heap (96 MiB), metaspace and buffers, measured at about 150 MiB; see docs/backups.md, "Backups". */
    static final String AGENT_MEMORY = "256Mi";

    private BackupCronJob() {
    }

    /**
     * @param agentImage the operator's image, which holds the agent
     * @param tiers suspended unless the schedules run (a hibernating instance has no database to back up)
     * @param database the role pg_dump logs in as ({@link DatabaseLogin#loomio})
     */
    public static CronJob desired(LoomioInstance i, String agentImage, Tiers tiers, DatabaseLogin database) {
        BackupSpec backup = i.getSpec().getBackup();
        BackupRetention keep = backup.getRetention();
        List<String> args = List.of(AgentCli.BACKUP, AgentCli.KIND, "hourly",
                AgentCli.KEEP_LAST, Integer.toString(keep.getKeepLast()),
                AgentCli.KEEP_HOURLY, Integer.toString(keep.getKeepHourly()),
                AgentCli.KEEP_DAILY, Integer.toString(keep.getKeepDaily()),
                AgentCli.KEEP_WEEKLY, Integer.toString(keep.getKeepWeekly()),
                AgentCli.KEEP_MONTHLY, Integer.toString(keep.getKeepMonthly()));
        return new CronJobBuilder()
                .withNewMetadata()
                .withName(Names.backupCronJob(i))
                .withNamespace(i.getMetadata().getNamespace())
                .withLabels(Labels.of(i, COMPONENT))
                .endMetadata()
                .withNewSpec()
                .withSchedule(backup.getSchedule())
                .withSuspend(!tiers.schedules())
                .withTimeZone("Etc/UTC")
                .withConcurrencyPolicy("Forbid")
                .withStartingDeadlineSeconds(600L)
                .withSuccessfulJobsHistoryLimit(3)
                .withFailedJobsHistoryLimit(3)
                .withNewJobTemplate()
                .withNewMetadata().withLabels(Labels.of(i, COMPONENT)).endMetadata()
                .withSpec(skipUnchanged(i, jobSpec(i, agentImage, args, Labels.of(i, COMPONENT), database)))
                .endJobTemplate()
                .endSpec()
                .build();
    }

    /**
     * A scheduled run takes nothing when the database still has the change token of the last success: the operator
     * keeps that token in the restore ConfigMap, read when the run's pod is created (so each run gets the newest).
     * On-demand backups never skip: a LoomioBackup asks for a file.
     */
    private static JobSpec skipUnchanged(LoomioInstance i, JobSpec spec) {
        if (i.getSpec().getBackup().isSkipUnchanged()) {
            spec.getTemplate().getSpec().getContainers().get(0).getEnv()
                    .add(RestoreConfigMap.env(RestoreConfigMap.CHANGE_TOKEN, i));
        }
        return spec;
    }

    /**
     * The Job of one backup run, scheduled or on demand: {@code agent <args> --summary-file /dev/termination-log}
     * against the Postgres Service, to the local PVC (or a RAM staging volume when there is none), Drive and S3, with a
     * sealed copy of the credentials Secret and the uploads volume's files (both mounted read-only) beside it.
     *
     * @param args the agent's arguments: {@code backup --kind <kind>} and the retention options or {@code --no-prune}
     * @param podLabels the pod template's labels; the instance's operator reads pods with component=backup
     * @param database the role pg_dump logs in as ({@link DatabaseLogin#loomio})
     */
    static JobSpec jobSpec(LoomioInstance i, String agentImage, List<String> args, Map<String, String> podLabels,
            DatabaseLogin database) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(AgentCli.SUMMARY_FILE, AgentCli.TERMINATION_LOG));
        List<VolumeMount> mounts = new ArrayList<>(BackupAgent.backupsMount(i, false));
        List<Volume> volumes = new ArrayList<>(BackupAgent.backupsVolume(i, false));
        mounts.add(PodSecurity.tmpMount());
        volumes.add(PodSecurity.tmpVolume());
        // A sealed copy of the credentials Secret goes beside each backup, so a new cluster gets the same one back.
        mounts.add(new VolumeMountBuilder().withName(CREDENTIALS_VOLUME).withMountPath(CREDENTIALS_MOUNT)
                .withReadOnly(true).build());
        volumes.add(new VolumeBuilder().withName(CREDENTIALS_VOLUME).withNewSecret()
                .withSecretName(Names.credentialsSecret(i)).endSecret().build());
        all.addAll(List.of(AgentCli.CREDENTIALS_DIR, CREDENTIALS_MOUNT));
        // The users' uploads go with every backup, read after the dump; read-only, the backup never writes there.
        mounts.add(new VolumeMountBuilder().withName(UploadsRestoreContainer.VOLUME)
                .withMountPath(UploadsRestoreContainer.MOUNT).withReadOnly(true).build());
        volumes.add(new VolumeBuilder().withName(UploadsRestoreContainer.VOLUME).withNewPersistentVolumeClaim()
                .withClaimName(Names.uploads(i)).withReadOnly(true).endPersistentVolumeClaim().build());
        all.addAll(List.of(AgentCli.UPLOADS_DIR, UploadsRestoreContainer.MOUNT));
        // The encrypted backup is staged in RAM before the upload when there is no local PVC, and when the local
        // volume is too full to stage it (the agent checks before each run): at most the dump's size.
        String dataSize = i.getSpec().getPostgres().getDataSize();
        mounts.add(new VolumeMountBuilder().withName(STAGING_VOLUME).withMountPath(STAGING_MOUNT).build());
        volumes.add(MemoryVolume.of(STAGING_VOLUME, dataSize));
        all.addAll(List.of(AgentCli.STAGING_DIR, STAGING_MOUNT));
        Quantity limit = Quantities.sum(dataSize, AGENT_MEMORY);
        // With a local PVC RAM staging is the exception: the request stays the agent's own, so the Pi does not set
        // aside the database's size for every hourly run (the pod is Burstable then).
        Quantity request = BackupAgent.local(i) ? new Quantity(AGENT_MEMORY) : limit;
        Map<String, Quantity> requests = new TreeMap<>(Map.of("cpu", new Quantity("250m"), "memory", request));
        Map<String, Quantity> limits = new TreeMap<>(Map.of("cpu", new Quantity("250m"), "memory", limit));
        Container agent = BackupAgent.container(i, "backup", agentImage, all)
                .addToEnv(
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_HOST).withValue(Names.postgres(i)).build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_PORT)
                                .withValue(Integer.toString(PostgresStatefulSet.PORT))
                                .build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_NAME).withValue(Names.DATABASE).build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_USER).withValue(database.user()).build(),
                        new EnvVarBuilder().withName(AgentCli.ENV_DB_PASSWORD).withNewValueFrom()
                                .withNewSecretKeyRef(database.passwordKey(), Names.credentialsSecret(i), false)
                                .endValueFrom().build())
                .withNewResources().withRequests(requests).withLimits(limits).endResources()
                .withVolumeMounts(mounts)
                .build();
        return new JobSpecBuilder()
                // A failed backup is reported, not retried: for the CronJob the next scheduled run is the retry, and
                // a failure must show in status rather than vanish into a successful second attempt.
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(DEADLINE_SECONDS)
                .withNewTemplate()
                .withNewMetadata().withLabels(podLabels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withSecurityContext(PodSecurity.nonRootPod(PodSecurity.DATA_SERVICE_UID))
                .withContainers(agent)
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .build();
    }
}
