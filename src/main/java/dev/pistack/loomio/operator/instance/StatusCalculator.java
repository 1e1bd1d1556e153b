package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.MemoryStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.operator.backup.BackupHealth;
import dev.pistack.loomio.operator.backup.BackupResults;
import dev.pistack.loomio.operator.backup.RestoreResults;
import dev.pistack.loomio.operator.backup.RestoreTestHealth;
import dev.pistack.loomio.operator.backup.RestoreTestResults;
import dev.pistack.loomio.operator.backup.StatusValues;
import dev.pistack.loomio.operator.backup.UploadsRestoreResults;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.Problem;
import dev.pistack.loomio.operator.lifecycle.PlannedStopView;
import dev.pistack.loomio.operator.memory.MemoryHealth;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes the status of a LoomioInstance from what was observed: a pure function, so every rule is unit-tested.
 *
 * <p>Ready is True when Postgres, Redis and all four Deployments serve and nothing is wrong. BackupHealthy (when the
 * instance has backups) follows the last backup's age and targets ({@link BackupHealth}); status.backup and
 * status.restore are read from the pods that report them ({@link BackupResults}, {@link RestoreResults}).
 * MemoryHealthy (RAM mode) follows the last significant memory sample ({@link MemoryHealth}). During a planned stop
 * ({@link PlannedStopView}) Ready carries the step, the stopped components say so, and a hibernation adds
 * Hibernated. Reconciling is True while that is not yet the case (or a rollout is under way) and nothing blocks it;
 * Stalled is True when a problem blocks it (kstatus semantics). Condition order is fixed so the status reads the same
 * on every reconcile.
 */
public final class StatusCalculator {
    private record Component(boolean ready, ConditionReason reason, String message) {
    }

    private StatusCalculator() {
    }

    /**
     * @param stopping the planned stop under way or done (hibernation, restart, switch), empty when none is
     * @param problems what blocks convergence, in the order found; empty when nothing does
     * @param now the time used for lastTransitionTime of conditions that change
     */
    public static LoomioInstanceStatus compute(LoomioInstance i, Observed observed,
            Optional<PlannedStopView> stopping, List<Problem> problems, Instant now) {
        long generation = Objects.requireNonNullElse(i.getMetadata().getGeneration(), 0L);
        List<Condition> previous = i.getStatus() == null ? List.of() : i.getStatus().getConditions();
        RestoreResults.Observation restore = RestoreResults.observe(observed.postgresPod());
        boolean dataStopped = stopping.filter(PlannedStopView::dataStopped).isPresent();
        boolean appStopped = stopping.filter(PlannedStopView::appStopped).isPresent();
        Component database = dataStopped
                ? stopped(stopping.get(), "Postgres is stopped")
                : restoring(statefulSet(observed.postgres(), "Postgres", Names.postgres(i)), restore,
                        observed.restoreProgress());
        Component redis = dataStopped
                ? stopped(stopping.get(), "Redis is stopped")
                : statefulSet(observed.redis(), "Redis", Names.redis(i));
        Component app = appStopped
                ? stopped(stopping.get(), "the app tier is stopped")
                : deployments(i, observed);
        boolean allReady = database.ready && redis.ready && app.ready;
        boolean blocked = stopping.filter(PlannedStopView::blocked).isPresent();
        boolean stalled = !problems.isEmpty() || blocked;
        boolean rollingOut = observed.deployments().values().stream().anyMatch(StatusCalculator::rollingOut);
        String problemText = problems.stream().map(Problem::message).collect(Collectors.joining("; "));
        ConditionReason stalledReason = problems.isEmpty()
                ? stopping.map(PlannedStopView::reason).orElse(ConditionReason.NO_PROBLEMS)
                : problems.get(0).reason();
        if (blocked) {
            // The stop the user asked for is what does not happen, and its message says how to go on (skip the final
            // backup, or undo the stop); a problem behind it (e.g. an emptied backup key) follows as the cause.
            stalledReason = stopping.get().reason();
            problemText = problems.isEmpty() ? stopping.get().message() : stopping.get().message() + "; " + problemText;
        }

        List<Condition> conditions = new ArrayList<>();
        if (stalled) {
            conditions.add(Conditions.of(previous, ConditionType.READY, false, stalledReason, problemText,
                    generation, now));
        } else if (stopping.isPresent()) {
            // Hibernated is the state asked for, reached: Ready True (reason Hibernated) is what kstatus (Flux, Helm 4's
            // --wait) reads as Current; with Ready False it would wait forever. Nothing serves: the reason says so.
            boolean hibernated = stopping.get().done() && !stopping.get().restart();
            conditions.add(Conditions.of(previous, ConditionType.READY, hibernated, stopping.get().reason(),
                    stopping.get().message(), generation, now));
        } else if (allReady) {
            conditions.add(Conditions.of(previous, ConditionType.READY, true, ConditionReason.READY,
                    "Loomio is serving " + i.getSpec().getHost(), generation, now));
        } else {
            conditions.add(Conditions.of(previous, ConditionType.READY, false, ConditionReason.COMPONENTS_NOT_READY,
                    waitingFor(database, redis, app), generation, now));
        }
        conditions.add(component(previous, ConditionType.DATABASE_READY, database, generation, now));
        conditions.add(component(previous, ConditionType.REDIS_READY, redis, generation, now));
        conditions.add(component(previous, ConditionType.APP_READY, app, generation, now));
        BackupStatus backup = RestoreTestResults.merge(
                BackupResults.merge(i.getStatus() == null ? null : i.getStatus().getBackup(), observed.backupPods()),
                observed.restoreTestPods());
        boolean hibernatedData = dataStopped && !stopping.get().restart();
        BackupHealth.evaluate(i, backup, now).ifPresent(h -> conditions.add(hibernatedData
                ? Conditions.of(previous, ConditionType.BACKUP_HEALTHY, true, ConditionReason.HIBERNATED,
                        "scheduled backups are suspended while the instance hibernates: its data does not change",
                        generation, now)
                : Conditions.of(previous, ConditionType.BACKUP_HEALTHY, h.healthy(), h.reason(), h.message(),
                        generation, now)));
        RestoreTestHealth.evaluate(i, backup).ifPresent(v -> conditions.add(Conditions.of(previous,
                ConditionType.BACKUP_VERIFIED, v.healthy(), v.reason(), v.message(), generation, now)));
        MemoryStatus memory = !i.getSpec().getEnvironment().ramMode() || dataStopped
                ? null
                : observed.memory().orElse(i.getStatus() == null ? null : i.getStatus().getMemory());
        MemoryHealth.evaluate(i, memory, Conditions.find(previous, ConditionType.MEMORY_HEALTHY)
                .map(c -> ConditionReason.of(c.getReason())).orElse(null))
                .filter(h -> !dataStopped)
                .ifPresent(h -> conditions.add(Conditions.of(previous, ConditionType.MEMORY_HEALTHY, h.status(),
                        h.reason(), h.message(), generation, now)));
        stopping.filter(h -> !h.restart()).ifPresent(h -> conditions.add(Conditions.of(previous,
                ConditionType.HIBERNATED, h.done(), h.reason(), h.message(), generation, now)));
        boolean reconciling = !stalled && stopping.map(h -> !h.done()).orElse(!allReady || rollingOut);
        String progress = stopping.map(PlannedStopView::message)
                .orElse(allReady ? "rolling out the new spec" : waitingFor(database, redis, app));
        conditions.add(Conditions.of(previous, ConditionType.RECONCILING, reconciling,
                reconciling ? ConditionReason.PROGRESSING : ConditionReason.RECONCILED,
                reconciling ? progress : "the observed state matches the spec or is blocked",
                generation, now));
        conditions.add(Conditions.of(previous, ConditionType.STALLED, stalled,
                stalled ? stalledReason : ConditionReason.NO_PROBLEMS,
                stalled ? problemText : "nothing blocks reconciliation", generation, now));

        LoomioInstanceStatus status = new LoomioInstanceStatus();
        status.setObservedGeneration(generation);
        status.setConditions(conditions);
        status.setBackup(backup);
        status.setMemory(memory);
        RestoreStatus previousRestore = StatusValues.of(i.getStatus() == null ? null : i.getStatus().getRestore());
        RestoreStatus databaseRestore = restore.completed().orElse(previousRestore);
        Optional<UploadsRestoreStatus> uploads = UploadsRestoreResults.restored(observed.postgresPod())
                .or(() -> Optional.ofNullable(previousRestore == null ? null : previousRestore.uploads()));
        status.setRestore(uploads.isEmpty()
                ? databaseRestore
                : (databaseRestore != null
                        ? databaseRestore
                        : new RestoreStatus(null, null, null, null, null, null, null))
                        .withUploads(uploads.get()));
        return status;
    }

    private static Condition component(List<Condition> previous, ConditionType type, Component c, long generation,
            Instant now) {
        return Conditions.of(previous, type, c.ready, c.reason, c.message, generation, now);
    }

    private static String waitingFor(Component database, Component redis, Component app) {
        List<String> waiting = new ArrayList<>();
        for (Component c : List.of(database, redis, app)) {
            if (!c.ready) {
                waiting.add(c.message);
            }
        }
        return "waiting: " + String.join("; ", waiting);
    }

    private static Component stopped(PlannedStopView h, String what) {
        return h.restart()
                ? new Component(false, ConditionReason.STOPPED_FOR_RESTART,
                        what + " until the planned restart or environment switch starts it again")
                : new Component(false, ConditionReason.HIBERNATED, what + " while the instance hibernates");
    }

    /** A Postgres that is not ready because its restore runs or fails says so. */
    private static Component restoring(Component database, RestoreResults.Observation restore,
            Optional<String> progress) {
        if (database.ready) {
            return database;
        }
        if (restore.failure().isPresent()) {
            return new Component(false, ConditionReason.RESTORE_FAILED, "the restore of the database fails (retried"
                    + " with back-off): " + restore.failure().get());
        }
        if (restore.running()) {
            return new Component(false, ConditionReason.RESTORING,
                    "Postgres starts once the newest backup is restored"
                            + progress.map(p -> "; restoring: " + p).orElse(""));
        }
        return database;
    }

    private static Component statefulSet(Optional<StatefulSet> sts, String what, String name) {
        if (sts.isEmpty()) {
            return new Component(false, ConditionReason.NOT_CREATED,
                    what + " StatefulSet " + name + " does not exist yet");
        }
        int want = Objects.requireNonNullElse(sts.get().getSpec().getReplicas(), 1);
        int ready = sts.get().getStatus() == null
                ? 0
                : Objects.requireNonNullElse(sts.get().getStatus().getReadyReplicas(), 0);
        String counted = what + " " + name + ": " + ready + "/" + want + " pods ready";
        if (ready < want) {
            return new Component(false, ConditionReason.PODS_NOT_READY, counted);
        }
        if (restartPending(sts.get())) {
            // RAM mode updates with OnDelete: the pod serves the old spec until someone restarts it on purpose.
            return new Component(true, ConditionReason.RESTART_PENDING,
                    counted + "; it runs an older spec: annotate the instance"
                            + " loomio.pistack.dev/restart-requested-at=<time> for a planned restart that backs up,"
                            + " restarts it and restores every row");
        }
        return new Component(true, ConditionReason.READY, counted);
    }

    private static boolean restartPending(StatefulSet sts) {
        var strategy = sts.getSpec().getUpdateStrategy();
        var s = sts.getStatus();
        // With OnDelete the controller leaves currentRevision behind even once every pod runs updateRevision
        // (seen on the node after a planned restart), so the pods counted at updateRevision decide.
        return strategy != null && "OnDelete".equals(strategy.getType())
                && s.getCurrentRevision() != null && s.getUpdateRevision() != null
                && !s.getCurrentRevision().equals(s.getUpdateRevision())
                && Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) < Objects.requireNonNullElse(s.getReplicas(),
                        0);
    }

    private static Component deployments(LoomioInstance i, Observed observed) {
        List<String> names = Names.appTier(i);
        List<String> missing = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        for (String name : names) {
            Deployment d = observed.deployments().get(name);
            if (d == null) {
                missing.add(name);
            } else if (!available(d)) {
                unavailable.add(name);
            }
        }
        if (!missing.isEmpty()) {
            return new Component(false, ConditionReason.NOT_CREATED,
                    "Deployments not created yet: " + String.join(", ", missing));
        }
        if (!unavailable.isEmpty()) {
            return new Component(false, ConditionReason.UNAVAILABLE, "Deployments without an available pod: "
                    + String.join(", ", unavailable));
        }
        return new Component(true, ConditionReason.AVAILABLE, "app, worker and hocuspocus are available");
    }

    private static boolean available(Deployment d) {
        DeploymentStatus s = d.getStatus();
        return s != null && s.getConditions() != null && s.getConditions().stream()
                .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean rollingOut(Deployment d) {
        DeploymentStatus s = d.getStatus();
        if (s == null) {
            return true;
        }
        long generation = Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
        int want = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
        return Objects.requireNonNullElse(s.getObservedGeneration(), 0L) < generation
                || Objects.requireNonNullElse(s.getUpdatedReplicas(), 0) < want;
    }
}
