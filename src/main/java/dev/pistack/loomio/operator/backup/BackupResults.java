package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.api.v1alpha1.BackupFailure;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupSkip;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.api.v1alpha1.TargetInventory;
import dev.pistack.loomio.contract.BackupOutcome;
import dev.pistack.loomio.contract.BackupSummary;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the finished pods of backup Jobs into {@code status.backup}: the newest success and, when they are newer,
 * the newest failure and the newest skipped run. A skipped run that found the last success's change token (nothing
 * changed since that backup, which every target holds: {@link BackupStatus#confirms}) clears an older failure, since
 * the targets hold the data as it is. Pods come and go with the Jobs' history limits, so what was recorded is kept
 * and only replaced by something newer: each run is counted once, whenever it is seen.
 *
 * <p>"Newer" is by the API server's record of the runs, the creationTimestamp of their pods ({@code runCreated}),
 * not by when the container says it finished: a node whose clock once ran ahead left a success dated in the future,
 * and ordered by that date no later run, successful or failed, would ever replace it. A record of an earlier version,
 * without {@code runCreated}, gains it from its run's pod while the Job's history keeps it, and is ordered by its
 * time otherwise.
 */
public final class BackupResults {
    private BackupResults() {
    }

    /**
     * @param earlier what the status held, or null (an earlier operator's lower-case values are converted)
     * @param pods the pods of backup Jobs (label component=backup), in any phase
     * @return the merged status, or null when nothing was ever recorded
     */
    public static BackupStatus merge(BackupStatus earlier, List<Pod> pods) {
        BackupStatus previous = StatusValues.of(earlier);
        BackupRecord success = previous == null ? null : previous.lastSuccess();
        BackupFailure failure = previous == null ? null : previous.lastFailure();
        BackupSkip skip = previous == null ? null : previous.lastSkipped();
        Map<String, TargetInventory> inventory = new TreeMap<>();
        if (previous != null && previous.targets() != null) {
            previous.targets().forEach(t -> inventory.put(t.target(), t));
        }
        // First, a record of an earlier version gains runCreated from its own run's pod, if the history still has it.
        for (Pod pod : pods) {
            Optional<Outcome> outcome = outcome(pod);
            BackupRecord s = outcome.map(Outcome::success).orElse(null);
            BackupFailure f = outcome.map(Outcome::failure).orElse(null);
            if (s != null && success != null && sameRun(success.job(), success.runCreated(), s.job())) {
                success = s;
            }
            if (f != null && failure != null && sameRun(failure.job(), failure.runCreated(), f.job())) {
                failure = f;
            }
        }
        for (Pod pod : pods) {
            Optional<Outcome> outcome = outcome(pod);
            if (outcome.isEmpty()) {
                continue;
            }
            for (TargetInventory t : outcome.get().inventory()) {
                TargetInventory known = inventory.get(t.target());
                if (known == null || time(t.time()).isAfter(time(known.time()))) {
                    inventory.put(t.target(), t);
                }
            }
            BackupRecord record = outcome.get().success();
            BackupSkip skipped = outcome.get().skipped();
            if (skipped != null) {
                if (skip == null || order(skipped).isAfter(order(skip))) {
                    skip = skipped;
                }
            } else if (record != null) {
                if (success == null || order(record).isAfter(order(success))) {
                    success = record;
                }
            } else {
                BackupFailure f = outcome.get().failure();
                if (failure == null || order(f).isAfter(order(failure))) {
                    failure = f;
                }
            }
        }
        if (skip != null && (success == null || !order(skip).isAfter(order(success)))) {
            skip = null;
        }
        if (failure != null && success != null && !order(failure).isAfter(order(success))) {
            failure = null;
        }
        if (failure != null && BackupStatus.confirms(skip, success) && !order(failure).isAfter(order(skip))) {
            failure = null;
        }
        RestoreTestRecord verified = previous == null ? null : previous.lastVerified();
        if (success == null && failure == null && inventory.isEmpty() && verified == null) {
            return null;
        }
        return new BackupStatus(success, failure, inventory.isEmpty() ? null : List.copyOf(inventory.values()),
                verified, skip);
    }

    /**
     * The newest backup this instance recorded on any target: its last success and each target's newest. With it, a
     * restore whose Drive cannot be listed goes on from the local volume when that holds a backup at least as new
     * (RestoreConfigMap, docs/backups.md). A target's newest counts even from a run that failed elsewhere: a backup
     * that reached Drive only is newer than the last success, and the local volume lacks it.
     *
     * @param backup {@code status.backup}, or null
     * @return its file name, or empty when none is recorded
     */
    public static Optional<String> newestKnown(BackupStatus backup) {
        if (backup == null) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        if (backup.lastSuccess() != null) {
            names.add(backup.lastSuccess().name());
        }
        if (backup.targets() != null) {
            backup.targets().forEach(t -> names.add(t.newest()));
        }
        return names.stream().map(n -> BackupName.parse(n == null ? "" : n)).flatMap(Optional::stream)
                .max(java.util.Comparator.comparing(BackupName::time)).map(BackupName::fileName);
    }

    /**
     * What one backup run came to: exactly one of the three is set.
     *
     * @param success the stored backup, when the agent reported {@link BackupOutcome#OK} and the pod Succeeded
     * @param failure why it failed, when it did not succeed and was not skipped
     * @param inventory what each target held after the run, for the targets the agent could list
     * @param skipped the run, when the agent reported {@link BackupOutcome#SKIPPED} and the pod Succeeded
     */
    public record Outcome(BackupRecord success, BackupFailure failure, List<TargetInventory> inventory,
            BackupSkip skipped) {
    }

    /**
     * @param pod a backup Job's pod
     * @return its outcome once the pod has finished (phase Succeeded or Failed), else empty
     */
    public static Optional<Outcome> outcome(Pod pod) {
        Optional<ContainerStateTerminated> done = terminated(pod);
        if (done.isEmpty()) {
            return Optional.empty();
        }
        Optional<BackupSummary> summary = Summaries.parse(done.get().getMessage(), BackupSummary.class);
        boolean succeeded = "Succeeded".equals(pod.getStatus().getPhase()) && summary.isPresent();
        List<TargetInventory> inventory = summary.map(s -> inventory(s, done.get().getFinishedAt())).orElse(List.of());
        if (succeeded && summary.get().status() == BackupOutcome.SKIPPED) {
            return Optional.of(new Outcome(null, null, inventory, new BackupSkip(done.get().getFinishedAt(),
                    summary.get().changeToken(), job(pod), pod.getMetadata().getCreationTimestamp())));
        }
        return Optional.of(succeeded && summary.get().status() == BackupOutcome.OK
                ? new Outcome(record(pod, done.get(), summary.get()), null, inventory, null)
                : new Outcome(null, failure(pod, done.get(), summary), inventory, null));
    }

    /** @return the backup container's final state, when the pod has finished */
    static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        String phase = pod.getStatus().getPhase();
        if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null).map(s -> s.getTerminated()).findFirst();
    }

    private static List<TargetInventory> inventory(BackupSummary summary, String time) {
        List<TargetInventory> inventory = new ArrayList<>();
        for (BackupSummary.TargetResult t : targets(summary)) {
            if (t.inventory() != null) {
                inventory.add(
                        new TargetInventory(StatusValues.of(t.target()), t.inventory().newest(), t.inventory().count(),
                                t.inventory().totalBytes(), time, t.inventory().freeBytes()));
            }
        }
        return inventory;
    }

    private static BackupRecord record(Pod pod, ContainerStateTerminated done, BackupSummary summary) {
        String name = summary.name();
        List<String> targets = targets(summary).stream().filter(t -> t.status() == BackupOutcome.OK)
                .map(t -> StatusValues.of(t.target())).toList();
        return new BackupRecord(name,
                StatusValues.of(BackupName.parse(name == null ? "" : name).map(BackupName::kind).orElse(null)),
                done.getFinishedAt(), summary.bytesOut(), summary.durationSeconds(), targets, summary.keyFingerprint(),
                job(pod), rows(summary.rows()), pod.getMetadata().getCreationTimestamp(), summary.changeToken());
    }

    private static List<BackupSummary.TargetResult> targets(BackupSummary summary) {
        return summary.targets() == null ? List.of() : summary.targets();
    }

    /** @return the rows per table, or null when there are none */
    static Map<String, Long> rows(Map<String, Long> rows) {
        return rows == null || rows.isEmpty() ? null : new LinkedHashMap<>(rows);
    }

    private static BackupFailure failure(Pod pod, ContainerStateTerminated done, Optional<BackupSummary> summary) {
        ConditionReason reason;
        String message;
        if ("OOMKilled".equals(done.getReason())) {
            reason = ConditionReason.BACKUP_OOM_KILLED;
            message = "the backup pod ran out of memory (OOMKilled)";
        } else if (summary.isPresent()) {
            reason = ConditionReason.BACKUP_FAILED;
            List<String> parts = new ArrayList<>();
            Optional.ofNullable(summary.get().error()).ifPresent(parts::add);
            for (BackupSummary.TargetResult t : targets(summary.get())) {
                if (t.error() != null) {
                    parts.add(t.target() + ": " + t.error());
                }
            }
            message = parts.isEmpty() ? "the agent reported a failure" : String.join("; ", parts);
        } else if ("DeadlineExceeded".equals(pod.getStatus().getReason())) {
            reason = ConditionReason.BACKUP_DEADLINE_EXCEEDED;
            message = "the backup did not finish within the Job's deadline";
        } else {
            reason = ConditionReason.BACKUP_POD_FAILED;
            message = AgentSummary.text(done);
        }
        return new BackupFailure(done.getFinishedAt(), reason.value(), message, job(pod),
                pod.getMetadata().getCreationTimestamp());
    }

    static String job(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Labels.JOB_NAME);
    }

    /** @return true when a record of an earlier version (no runCreated) is of the run of the Job seenJob */
    private static boolean sameRun(String recordedJob, String runCreated, String seenJob) {
        return runCreated == null && recordedJob != null && recordedJob.equals(seenJob);
    }

    /** @return when the API server created the run's pod; the run's time for a record of an earlier version */
    static Instant order(BackupRecord r) {
        return time(r.runCreated() != null ? r.runCreated() : r.time());
    }

    /** @return when the API server created the run's pod */
    static Instant order(BackupSkip s) {
        return time(s.runCreated() != null ? s.runCreated() : s.time());
    }

    /** @return when the API server created the run's pod; the run's time for a record of an earlier version */
    static Instant order(BackupFailure f) {
        return time(f.runCreated() != null ? f.runCreated() : f.time());
    }

    static Instant time(String rfc3339) {
        return rfc3339 == null ? Instant.EPOCH : Instant.parse(rfc3339);
    }
}
