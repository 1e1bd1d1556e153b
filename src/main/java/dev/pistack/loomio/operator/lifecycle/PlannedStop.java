package dev.pistack.loomio.operator.lifecycle;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.Environment;
import dev.pistack.loomio.api.v1alpha1.FinalBackupPolicy;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.RestartStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.api.v1alpha1.SwitchStatus;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.OwnedBackup;
import dev.pistack.loomio.operator.desired.Quantities;
import dev.pistack.loomio.operator.desired.RestoreChoice;
import dev.pistack.loomio.operator.desired.Tiers;
import dev.pistack.loomio.operator.desired.UploadsRestoreJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Planned stops as a pure decision: hibernation ({@code spec.hibernate: true}, the seed system's {@code make stop}),
 * the planned restart (annotation {@value #RESTART_ANNOTATION}, {@code make restart}) and the environment switch
 * (a changed {@code spec.environment}: RAM to disk or back). All stop in the same order: the app tier first (no new
 * writes), then a {@code Final} LoomioBackup of the still-running database, then Postgres and Redis. A hibernation
 * stays there (and suspends the CronJobs) until {@code spec.hibernate} is false; a restart starts everything again at
 * once; a switch first deletes the StatefulSets and the development data PVCs and creates them in the other shape.
 * Every Postgres start restores the newest backup, which is that final one, so the data comes back to the row; a
 * restart also applies whatever the running pods did not have yet (settings that need a restart, a new Postgres
 * major version: a logical dump restores across majors).
 *
 * <p>Each step follows from what is observed, so a restarted operator goes on where it was: the final backup's name
 * is recorded in {@code status.hibernation}, {@code status.restart} or {@code status.environmentSwitch}, and a data
 * tier already stopped for this stop stays stopped. {@code spec.backup.finalBackup.policy} and the annotation
 * {@value FinalBackup#SKIP_ANNOTATION} say what happens when no final backup can be had, as they do on delete:
 * Required waits and says what blocks it. A switch never goes without one: the data moves through it.
 */
public final class PlannedStop {
    /** Annotation on the LoomioInstance: a new value (a time, by convention) asks for one planned restart. */
    public static final String RESTART_ANNOTATION = "loomio.pistack.dev/restart-requested-at";

    /** The WAL a RAM-mode Postgres may keep (max_wal_size), bytes: room a switch to RAM needs beyond the data. */
    static final long RAM_WAL_BYTES = 64L << 20;

    private PlannedStop() {
    }

    /** Why the instance stops. */
    public enum Purpose {
        /** spec.hibernate: stop and stay stopped. */
        HIBERNATE("hibernating", "hibernate"),
        /** The restart annotation: stop, then start again at once. */
        RESTART("restarting", "restart"),
        /** spec.environment changed: stop, replace the data tier in the other shape (RAM or PVC), start again. */
        SWITCH("switching environments", "switch"),
        /** A LoomioRestore: stop, take a PreRestore safety backup, restore the chosen backup ({@link RequestedRestore}). */
        RESTORE("restoring a chosen backup", "restore");

        private final String doing;
        private final String verb;

        Purpose(String doing, String verb) {
            this.doing = doing;
            this.verb = verb;
        }

        /** @return what the instance is doing, for messages: {@code hibernating}, {@code restarting}, … */
        public String doing() {
            return doing;
        }
    }

    /** Where a stop stands. */
    public enum Step {
        /** Nothing asked: everything runs. */
        AWAKE,
        /** The app tier's pods are terminating. */
        STOPPING_APP_TIER,
        /** The final LoomioBackup waits or runs. */
        TAKING_FINAL_BACKUP,
        /** Postgres' and Redis' pods are terminating. */
        STOPPING_DATA_TIER,
        /** Hibernation: nothing runs. */
        HIBERNATED,
        /** Restart: the data tier stopped; everything starts again (Postgres restores the final backup). */
        RESTARTED,
        /** Switch: the StatefulSets and the data PVCs are being deleted, to be created anew in the other shape. */
        REPLACING_DATA_TIER,
        /** Switch: the data tier is created anew in the spec's shape; Postgres restores the final backup. */
        SWITCHED,
        /** No final backup can be had and the policy is Required: the data tier keeps running until the user acts. */
        BLOCKED,
        /** Restore: the data tier stopped; the choice goes to the restore ConfigMap before Postgres starts again. */
        PREPARING_RESTORE,
        /** Restore: Postgres starts, restoring the chosen backup; the app tier stays stopped. */
        RESTORING,
        /** Restore: the PostRestore backup of the restored data waits or runs; the app tier stays stopped. */
        BACKING_UP_RESTORED_DATA,
        /** Restore: done (or failed, or cancelled); everything runs. */
        RESTORE_FINISHED
    }

    /**
     * What the decision needs of the cluster, read from informer caches and (during a stop) the API server.
     *
     * @param postgresExists the Postgres StatefulSet exists
     * @param postgresScaledDown it has 0 replicas in its spec
     * @param dataPodsGone no Postgres or Redis pod exists
     * @param appPodsGone no pod of the app, worker or hocuspocus exists (terminating ones included: a
     *     Sidekiq job finishing may still write)
     * @param postgresReady the Postgres pod exists, is not being deleted and is Ready
     * @param backup the stop's LoomioBackup, once created
     * @param dataClaimsGone no development data PVC ({@code data-<name>-postgres-0}, {@code data-<name>-redis-0})
     *     exists
     * @param databaseBytes what the running database takes, bytes; measured only before a switch from development
     *     to production starts (it must fit postgres.dataSize)
     * @param choice the backup the restore ConfigMap hands the next Postgres start (RestoreChoice#NEWEST: none)
     * @param restore what the Postgres pod's restore init containers report, judged against the running
     *     LoomioRestore's choice
     * @param uploadsJob the running LoomioRestore's {@link UploadsRestoreJob}, once created
     */
    public record Observation(boolean postgresExists, boolean postgresScaledDown, boolean dataPodsGone,
            boolean appPodsGone, boolean postgresReady, Optional<LoomioBackup> backup, boolean dataClaimsGone,
            OptionalLong databaseBytes, RestoreChoice choice, RestoreReport restore, Optional<Job> uploadsJob) {
        /** An observation for a stop that restores nothing of its own choice. */
        public Observation(boolean postgresExists, boolean postgresScaledDown, boolean dataPodsGone,
                boolean appPodsGone, boolean postgresReady, Optional<LoomioBackup> backup, boolean dataClaimsGone,
                OptionalLong databaseBytes) {
            this(postgresExists, postgresScaledDown, dataPodsGone, appPodsGone, postgresReady, backup, dataClaimsGone,
                    databaseBytes, RestoreChoice.NEWEST, RestoreReport.NONE, Optional.empty());
        }
    }

    /**
     * The status records of planned stops, written as decided.
     *
     * @param hibernation status.hibernation; null unless hibernating
     * @param restart status.restart: the one running, else the last one
     * @param environmentSwitch status.environmentSwitch: the one running, else the last one
     * @param restoreRequest status.restoreRequest: the LoomioRestore running, else the last one
     */
    public record Records(HibernationStatus hibernation, RestartStatus restart, SwitchStatus environmentSwitch,
            RestoreRequestStatus restoreRequest) {
        /** Records that leave status.restoreRequest to {@link #withRestore}. */
        public Records(HibernationStatus hibernation, RestartStatus restart, SwitchStatus environmentSwitch) {
            this(hibernation, restart, environmentSwitch, null);
        }

        Records withRestore(RestoreRequestStatus r) {
            return new Records(hibernation, restart, environmentSwitch, r);
        }
    }

    /**
     * The next step.
     *
     * @param purpose why it stops; null when awake
     * @param step where the stop stands
     * @param tiers what runs: the desired state's replicas and CronJob suspension
     * @param records status.hibernation, status.restart and status.environmentSwitch to write
     * @param create the LoomioBackup to create now, if any
     * @param reason the step's condition reason; null when nothing stops
     * @param message for the condition and its Event; never a secret
     * @param warning true when the user should look (a Warning Event)
     * @param choice the backup the next Postgres start restores (the restore ConfigMap): a LoomioRestore's, else
     *     RestoreChoice#NEWEST
     * @param startUploadsJob true when the running LoomioRestore's {@link UploadsRestoreJob} is to be created now
     */
    public record Plan(Purpose purpose, Step step, Tiers tiers, Records records, Optional<LoomioBackup> create,
            ConditionReason reason, String message, boolean warning, RestoreChoice choice, boolean startUploadsJob) {
        /** A plan that hands Postgres no choice. */
        public Plan(Purpose purpose, Step step, Tiers tiers, Records records, Optional<LoomioBackup> create,
                ConditionReason reason, String message, boolean warning) {
            this(purpose, step, tiers, records, create, reason, message, warning, RestoreChoice.NEWEST, false);
        }

        Plan withRecords(Records r) {
            return new Plan(purpose, step, tiers, r, create, reason, message, warning, choice, startUploadsJob);
        }

        /** @return what the status conditions show of it; empty when nothing is stopped */
        public Optional<PlannedStopView> view() {
            return step == Step.AWAKE || step == Step.RESTARTED || step == Step.SWITCHED
                    || step == Step.RESTORE_FINISHED
                            ? Optional.empty()
                            : Optional
                                    .of(new PlannedStopView(purpose != Purpose.HIBERNATE, reason, message, !tiers.app(),
                                            !tiers.data()));
        }

        /** @return true while the stop moves on by itself: the reconciler looks again soon */
        public boolean inTransition() {
            return step == Step.STOPPING_APP_TIER || step == Step.TAKING_FINAL_BACKUP
                    || step == Step.STOPPING_DATA_TIER || step == Step.REPLACING_DATA_TIER
                    || step == Step.PREPARING_RESTORE || step == Step.RESTORING
                    || step == Step.BACKING_UP_RESTORED_DATA;
        }

        /** @return true when the development data PVCs are to be deleted now (a switch replaces the data tier) */
        public boolean deleteDataClaims() {
            return step == Step.REPLACING_DATA_TIER || step == Step.PREPARING_RESTORE;
        }

        /** Writes status.hibernation, status.restart and status.environmentSwitch into a computed status. */
        public LoomioInstanceStatus record(LoomioInstanceStatus status) {
            status.setHibernation(records.hibernation());
            status.setRestart(records.restart());
            status.setEnvironmentSwitch(records.environmentSwitch());
            status.setRestoreRequest(records.restoreRequest());
            return status;
        }
    }

    /** @return {@code <instance>-hibernate-<generation>}: at most 39 + 11 + 13 characters */
    public static String backupName(LoomioInstance i, long generation) {
        return i.getMetadata().getName() + "-hibernate-" + generation;
    }

    /** @return {@code <instance>-restart-<first 8 hex digits of SHA-256(requestedAt)>}: at most 56 characters */
    public static String restartBackupName(LoomioInstance i, String requestedAt) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(requestedAt.getBytes(StandardCharsets.UTF_8));
            return i.getMetadata().getName() + "-restart-" + HexFormat.of().formatHex(digest).substring(0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** @return the restart annotation's value, when a restart is asked for that has not completed */
    static Optional<String> pendingRestart(LoomioInstance i) {
        String asked = i.getMetadata().getAnnotations() == null
                ? null
                : i.getMetadata().getAnnotations().get(RESTART_ANNOTATION);
        if (asked == null || asked.isBlank()) {
            return Optional.empty();
        }
        RestartStatus last = lastRestart(i);
        boolean done = last != null && asked.equals(last.requestedAt()) && last.completedAt() != null;
        return done ? Optional.empty() : Optional.of(asked);
    }

    /** @return the LoomioBackup to create: kind Final, owned by the instance (its record goes with it) */
    public static LoomioBackup desiredBackup(LoomioInstance i, String name) {
        return OwnedBackup.desired(i, name, "planned-stop-backup", BackupKind.FINAL);
    }

    /**
     * @param i the instance
     * @param dataShape the environment the existing Postgres StatefulSet was created for (RAM or PVC); empty when it
     *     does not exist
     * @param observe reads the cluster, given the name of the stop's LoomioBackup to read; only called when something
     *     stops
     * @param now the clock's time, recorded when a restart or switch completes
     * @return what runs, what to create and what to say
     */
    public static Plan plan(LoomioInstance i, Optional<Environment> dataShape, Function<String, Observation> observe,
            Instant now) {
        return plan(i, dataShape, Optional.empty(), observe, now);
    }

    /**
     * As {@link #plan(LoomioInstance, Optional, Function, Instant)}, with the LoomioRestore to go through. A restore
     * under way goes on before anything else; a new one waits while the instance hibernates or switches.
     *
     * @param requested the instance's oldest LoomioRestore that has not finished, if any
     */
    public static Plan plan(LoomioInstance i, Optional<Environment> dataShape, Optional<LoomioRestore> requested,
            Function<String, Observation> observe, Instant now) {
        RestoreRequestStatus lastRestore = i.getStatus() == null ? null : i.getStatus().getRestoreRequest();
        Optional<RestoreRequestStatus> running = Optional.ofNullable(lastRestore).filter(r -> !r.finished());
        if (running.isPresent() && running.get().dataStopped() == Boolean.TRUE) {
            return RequestedRestore.afterStop(i, running.get(),
                    requested.filter(r -> r.getMetadata().getName().equals(running.get().name())), observe, now);
        }
        Plan plan = planStop(i, dataShape, requested, running, observe, now);
        if (plan.records().restoreRequest() != null) {
            return plan;
        }
        // A restore stopped before its data tier was (the LoomioRestore deleted): it ends here, nothing restored.
        RestoreRequestStatus last = running.map(r -> r.finish(now.toString(), RequestedRestore.CANCELLED))
                .orElse(lastRestore);
        return plan.withRecords(plan.records().withRestore(last));
    }

    private static Plan planStop(LoomioInstance i, Optional<Environment> dataShape,
            Optional<LoomioRestore> restore, Optional<RestoreRequestStatus> running,
            Function<String, Observation> observe, Instant now) {
        RestartStatus lastRestart = i.getStatus() == null ? null : i.getStatus().getRestart();
        SwitchStatus lastSwitch = i.getStatus() == null ? null : i.getStatus().getEnvironmentSwitch();
        Environment shape = dataShape.orElse(null);
        if (i.getSpec().isHibernate()) {
            HibernationStatus recorded = i.getStatus() == null ? null : i.getStatus().getHibernation();
            long requested = recorded == null ? generation(i) : recorded.requestedGeneration();
            String name = recorded == null || recorded.backup() == null
                    ? backupName(i, requested)
                    : recorded.backup();
            // A restart asked for meanwhile is what the resume does anyway (the data tier starts again with the
            // current spec from the final backup): once hibernated, it is recorded done, not run a second time.
            Optional<String> asked = pendingRestart(i);
            return new Stop(i, Purpose.HIBERNATE, recorded != null, recorded == null ? null : recorded.backup(), name,
                    shape, (backup, done) -> new Records(new HibernationStatus(backup, requested),
                            done != null && asked.isPresent()
                                    ? new RestartStatus(asked.get(), backup, done)
                                    : lastRestart,
                            lastSwitch))
                    .plan(observe, now);
        }
        Optional<SwitchStatus> switching = Optional.ofNullable(lastSwitch)
                .filter(w -> w.completedAt() == null && w.to() == i.getSpec().getEnvironment());
        if (shape != null && shape != i.getSpec().getEnvironment() || switching.isPresent()) {
            Environment from = switching.map(SwitchStatus::from).orElse(shape);
            long requested = switching.map(SwitchStatus::requestedGeneration).orElse(generation(i));
            String name = switching.map(SwitchStatus::backup).orElse(switchBackupName(i, requested));
            Environment to = i.getSpec().getEnvironment();
            return new Stop(i, Purpose.SWITCH, switching.isPresent(), switching.map(SwitchStatus::backup).orElse(null),
                    name, from, (backup, done) -> new Records(null, lastRestart,
                            new SwitchStatus(from, to, backup, requested, done)))
                    .plan(observe, now);
        }
        if (restore.isPresent()) {
            LoomioRestore r = restore.get();
            RestoreRequestStatus record = running.filter(x -> x.name().equals(r.getMetadata().getName()))
                    .orElse(RequestedRestore.record(r, now));
            if (!BackupAgent.enabled(i)) {
                return RequestedRestore.refused(i, record, now, "the instance has no backup.secretRef, so it has no"
                        + " backups to restore");
            }
            boolean recorded = running.isPresent() && running.get().name().equals(r.getMetadata().getName());
            String name = recorded && running.get().safetyBackup() != null
                    ? running.get().safetyBackup()
                    : RequestedRestore.safetyBackupName(i, r);
            return new Stop(i, Purpose.RESTORE, recorded, recorded ? running.get().safetyBackup() : null, name, shape,
                    (backup, done) -> new Records(null, lastRestart, lastSwitch,
                            record.stopping(backup, done != null)))
                    .plan(observe, now);
        }
        Optional<String> asked = pendingRestart(i);
        if (asked.isPresent()) {
            Optional<RestartStatus> recorded = restartInProgress(i, asked.get());
            String name = recorded.map(RestartStatus::backup).orElse(restartBackupName(i, asked.get()));
            return new Stop(i, Purpose.RESTART, recorded.isPresent(), recorded.map(RestartStatus::backup).orElse(null),
                    name, shape, (backup, done) -> new Records(null, new RestartStatus(asked.get(), backup, done),
                            lastSwitch))
                    .plan(observe, now);
        }
        return new Plan(null, Step.AWAKE, Tiers.ALL, new Records(null, lastRestart, lastSwitch), Optional.empty(),
                null, null, false);
    }

    /** @return {@code <instance>-switch-<generation>}: at most 39 + 8 + 13 characters */
    public static String switchBackupName(LoomioInstance i, long generation) {
        return i.getMetadata().getName() + "-switch-" + generation;
    }

    /**
     * One stop under way.
     *
     * @param recorded its status record exists: a Postgres scaled to 0 was scaled down by it
     * @param recordedBackup the LoomioBackup its record names; null when it goes without one (or has no record)
     * @param name the name of its LoomioBackup, when one is taken
     * @param shape the environment the existing StatefulSets have; they keep it until a switch replaces them
     * @param records the status records for a backup name (null: without one) and a completion time (null: runs)
     */
    private record Stop(LoomioInstance i, Purpose purpose, boolean recorded, String recordedBackup, String name,
            Environment shape, BiFunction<String, String, Records> records) {
        Plan plan(Function<String, Observation> observe, Instant now) {
            Observation o = observe.apply(recorded ? recordedBackup : name);
            if (!o.postgresExists() || recorded && o.postgresScaledDown()) {
                // Stopped for this very stop (or never started): never start Postgres again to back it up.
                return stopped(o, recordedBackup, now, purpose.doing + ": stopping Postgres and Redis");
            }
            Optional<String> refused = purpose == Purpose.SWITCH && !recorded ? doesNotFit(o) : Optional.empty();
            if (refused.isPresent()) {
                return new Plan(purpose, Step.BLOCKED, Tiers.ALL.shapedFor(shape), records.apply(null, null),
                        Optional.empty(), ConditionReason.ENVIRONMENT_SWITCH_REFUSED, refused.get(), true);
            }
            // A switch moves the data through its final backup, and a restore's is the way back: neither goes
            // without one.
            boolean required = purpose == Purpose.SWITCH || purpose == Purpose.RESTORE;
            Optional<String> skip = required ? Optional.empty() : skipReason(i);
            if (!o.appPodsGone()) {
                return step(Step.STOPPING_APP_TIER, Tiers.DATA_ONLY, skip.isPresent() ? null : name, Optional.empty(),
                        ConditionReason.STOPPING_APP_TIER, purpose.doing + ": stopping the app tier before the"
                                + (skip.isPresent() ? " data tier" : " final backup"),
                        false);
            }
            if (skip.isPresent()) {
                return stopped(o, null, now, purpose.doing + " without a final backup: " + skip.get());
            }
            FinalBackupPolicy policy = required ? FinalBackupPolicy.REQUIRED : FinalBackup.policy(i);
            if (o.backup().isEmpty()) {
                if (!o.postgresReady()) {
                    if (policy == FinalBackupPolicy.BEST_EFFORT) {
                        return warned(stopped(o, null, now, purpose.doing + " without a final backup: Postgres is"
                                + " not ready (BestEffort); " + newest(i)));
                    }
                    return blocked("Postgres is not ready, so no final backup can be taken; the " + purpose.verb
                            + " waits for it" + requiredBecause() + ". " + howToGoOn() + " (" + newest(i)
                            + "; later writes are lost)");
                }
                return step(Step.TAKING_FINAL_BACKUP, Tiers.DATA_ONLY, name, Optional.of(purpose == Purpose.RESTORE
                        ? RequestedRestore.desiredSafetyBackup(i, name)
                        : desiredBackup(i, name)),
                        ConditionReason.TAKING_FINAL_BACKUP,
                        purpose.doing + ": app tier stopped; final backup " + name + " started", false);
            }
            LoomioBackup b = o.backup().get();
            BackupPhase phase = b.getStatus() == null ? null : b.getStatus().phase();
            if (phase == BackupPhase.COMPLETED) {
                return stopped(o, name, now, purpose.doing + ": final backup " + describe(o.backup(), name)
                        + " stored; stopping Postgres and Redis");
            }
            if (phase == BackupPhase.FAILED) {
                String error = b.getStatus().error();
                if (policy == FinalBackupPolicy.BEST_EFFORT) {
                    return warned(stopped(o, null, now, "final backup " + name + " failed (" + error + "); "
                            + purpose.doing + " anyway (BestEffort); " + newest(i)));
                }
                return blocked("final backup " + name + " failed: " + error + ". Postgres keeps running"
                        + requiredBecause() + ": fix the cause and delete LoomioBackup " + name + " to try again. "
                        + howToGoOn());
            }
            return step(Step.TAKING_FINAL_BACKUP, Tiers.DATA_ONLY, name, Optional.empty(),
                    ConditionReason.TAKING_FINAL_BACKUP, purpose.doing + ": app tier stopped; final backup " + name
                            + " " + (phase == null ? "pending" : phase.toString().toLowerCase()),
                    false);
        }

        private String requiredBecause() {
            return switch (purpose) {
                case SWITCH -> " (the data moves through it)";
                case RESTORE -> " (it is the way back)";
                default -> " (policy Required)";
            };
        }

        private String howToGoOn() {
            return switch (purpose) {
                case HIBERNATE -> "Set spec.hibernate to false to resume, or annotate the instance "
                        + FinalBackup.SKIP_ANNOTATION + "=true to hibernate without one";
                case RESTART -> "Remove annotation " + RESTART_ANNOTATION + " to cancel, or annotate the instance "
                        + FinalBackup.SKIP_ANNOTATION + "=true to restart without one";
                case SWITCH -> "Set spec.environment back to " + shape.value() + " to cancel";
                case RESTORE -> "Delete the LoomioRestore to cancel";
            };
        }

        /** A switch to RAM must fit: the database as it is on disk plus the WAL RAM mode allows (max_wal_size). */
        private Optional<String> doesNotFit(Observation o) {
            if (i.getSpec().getEnvironment() != Environment.PRODUCTION || o.databaseBytes().isEmpty()) {
                return Optional.empty();
            }
            long need = o.databaseBytes().getAsLong() + RAM_WAL_BYTES;
            long room = Quantities.toBytes(i.getSpec().getPostgres().getDataSize());
            if (need <= room) {
                return Optional.empty();
            }
            long mib = (need + (1 << 20) - 1) >> 20;
            return Optional.of("the switch to production is refused before anything stops: the database takes "
                    + (o.databaseBytes().getAsLong() >> 20) + " MiB on disk, and in RAM it needs that plus "
                    + (RAM_WAL_BYTES >> 20) + " MiB of WAL, more than postgres.dataSize " + i.getSpec().getPostgres()
                            .getDataSize()
                    + ". Set postgres.dataSize to at least " + mib + "Mi, or environment back to development");
        }

        /** Postgres and Redis stop (or have stopped); the message says why while they stop. */
        private Plan stopped(Observation o, String backup, Instant now, String stopping) {
            if (!o.dataPodsGone()) {
                return step(Step.STOPPING_DATA_TIER, Tiers.NONE, backup, Optional.empty(),
                        ConditionReason.STOPPING_DATA_TIER, stopping, false);
            }
            String restores = backup == null
                    ? "Postgres restores the newest backup"
                    : "Postgres restores final backup " + describe(o.backup(), backup);
            String without = backup == null ? " without a final backup" : "";
            return switch (purpose) {
                case RESTART -> new Plan(purpose, Step.RESTARTED, Tiers.ALL, records.apply(backup, now.toString()),
                        Optional.empty(), ConditionReason.RESTARTING_DATA_TIER, "planned restart: Postgres and Redis"
                                + " stopped" + without + ", starting them again; " + restores + ", then the app tier"
                                + " starts",
                        false);
                case SWITCH -> o.postgresExists() || !o.dataClaimsGone()
                        ? new Plan(purpose, Step.REPLACING_DATA_TIER, Tiers.replacingDataTier(),
                                records.apply(backup, null), Optional.empty(), ConditionReason.REPLACING_DATA_TIER,
                                "switching environments: deleting the Postgres and Redis StatefulSets and their data"
                                        + " PVCs, their data being in final backup " + backup,
                                false)
                        : new Plan(purpose, Step.SWITCHED, Tiers.ALL, records.apply(backup, now.toString()),
                                Optional.empty(), ConditionReason.ENVIRONMENT_SWITCHED, "switched from "
                                        + shape.value() + " to " + i.getSpec().getEnvironment().value()
                                        + ": creating Postgres and Redis anew; " + restores
                                        + ", then the app tier starts",
                                false);
                case RESTORE -> new Plan(purpose, Step.PREPARING_RESTORE, Tiers.NONE, records.apply(backup,
                        now.toString()), Optional.empty(), ConditionReason.PREPARING_RESTORE,
                        "restoring a chosen"
                                + " backup: Postgres and Redis stopped" + without + "; handing the choice to Postgres",
                        false);
                case HIBERNATE -> new Plan(purpose, Step.HIBERNATED, Tiers.NONE, records.apply(backup,
                        now.toString()), Optional.empty(), ConditionReason.HIBERNATED,
                        "hibernated" + without
                                + "; on resume " + restores + ". Set spec.hibernate to false to resume",
                        false);
            };
        }

        private Plan step(Step step, Tiers tiers, String backup, Optional<LoomioBackup> create,
                ConditionReason reason, String message, boolean warning) {
            Environment keep = shape == i.getSpec().getEnvironment() ? null : shape;
            return new Plan(purpose, step, tiers.shapedFor(keep), records.apply(backup, null), create, reason,
                    message, warning);
        }

        private Plan blocked(String message) {
            return step(Step.BLOCKED, Tiers.DATA_ONLY, name, Optional.empty(), ConditionReason.PLANNED_STOP_BLOCKED,
                    message, true);
        }

        private static Plan warned(Plan p) {
            return new Plan(p.purpose(), p.step(), p.tiers(), p.records(), p.create(), p.reason(), p.message(), true);
        }
    }

    /** @return why no final backup is taken, if none is: the annotation, policy Skip, or no backups configured */
    static Optional<String> skipReason(LoomioInstance i) {
        if (i.getMetadata().getAnnotations() != null
                && "true".equals(i.getMetadata().getAnnotations().get(FinalBackup.SKIP_ANNOTATION))) {
            return Optional.of("annotation " + FinalBackup.SKIP_ANNOTATION + " says so");
        }
        if (FinalBackup.policy(i) == FinalBackupPolicy.SKIP) {
            return Optional.of("backup.finalBackup.policy is Skip");
        }
        if (!BackupAgent.enabled(i)) {
            return Optional.of("the instance has no backup.secretRef (its data stays on its volumes)");
        }
        return Optional.empty();
    }

    private static RestartStatus lastRestart(LoomioInstance i) {
        return i.getStatus() == null ? null : i.getStatus().getRestart();
    }

    private static Optional<RestartStatus> restartInProgress(LoomioInstance i, String asked) {
        return Optional.ofNullable(lastRestart(i))
                .filter(r -> asked.equals(r.requestedAt()) && r.completedAt() == null);
    }

    private static String describe(Optional<LoomioBackup> backup, String name) {
        return backup.filter(b -> b.getStatus() != null && b.getStatus().backupName() != null)
                .map(b -> name + " (" + b.getStatus().backupName() + ", " + b.getStatus().size() + ")")
                .orElse(name);
    }

    private static String newest(LoomioInstance i) {
        Optional<BackupRecord> last = Optional.ofNullable(i.getStatus())
                .map(s -> s.getBackup()).map(b -> b.lastSuccess());
        return last.map(r -> "the newest backup is " + r.name() + " of " + r.time())
                .orElse("no backup of it was ever recorded");
    }

    private static long generation(LoomioInstance i) {
        return Objects.requireNonNullElse(i.getMetadata().getGeneration(), 0L);
    }
}
