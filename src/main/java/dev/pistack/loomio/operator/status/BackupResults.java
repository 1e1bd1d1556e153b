package dev.pistack.loomio.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.api.v1alpha1.BackupFailure;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the finished pods of backup Jobs into {@code status.backup}: the newest success and, when it is newer, the
 * newest failure. Pods come and go with the Jobs' history limits, so what was recorded is kept and only replaced by
 * something newer: each run is counted once, whenever it is seen.
 */
public final class BackupResults {
    private BackupResults() {
    }

    /**
     * @param previous what the status held, or null
     * @param pods the pods of backup Jobs (label component=backup), in any phase
     * @return the merged status, or null when nothing was ever recorded
     */
    public static BackupStatus merge(BackupStatus previous, List<Pod> pods) {
        BackupRecord success = previous == null ? null : previous.lastSuccess();
        BackupFailure failure = previous == null ? null : previous.lastFailure();
        for (Pod pod : pods) {
            Optional<Outcome> outcome = outcome(pod);
            if (outcome.isEmpty()) {
                continue;
            }
            BackupRecord record = outcome.get().success();
            if (record != null) {
                if (success == null || time(record.time()).isAfter(time(success.time()))) {
                    success = record;
                }
            } else {
                BackupFailure f = outcome.get().failure();
                if (failure == null || time(f.time()).isAfter(time(failure.time()))) {
                    failure = f;
                }
            }
        }
        if (failure != null && success != null && !time(failure.time()).isAfter(time(success.time()))) {
            failure = null;
        }
        return success == null && failure == null ? null : new BackupStatus(success, failure);
    }

    /**
     * What one backup run came to: exactly one of the two is set.
     *
     * @param success the stored backup, when the agent reported {@code "status": "ok"} and the pod Succeeded
     * @param failure why it failed, otherwise
     */
    public record Outcome(BackupRecord success, BackupFailure failure) {
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
        Optional<JsonNode> summary = AgentSummary.of(done.get());
        boolean ok = "Succeeded".equals(pod.getStatus().getPhase()) && summary.isPresent()
                && "ok".equals(AgentSummary.text(summary.get(), "status"));
        return Optional.of(ok
                ? new Outcome(record(pod, done.get(), summary.get()), null)
                : new Outcome(null, failure(pod, done.get(), summary)));
    }

    /** @return the backup container's final state, when the pod has finished */
    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
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

    private static BackupRecord record(Pod pod, ContainerStateTerminated done, JsonNode summary) {
        String name = AgentSummary.text(summary, "name");
        List<String> targets = new ArrayList<>();
        for (JsonNode t : summary.path("targets")) {
            if ("ok".equals(t.path("status").asText())) {
                targets.add(t.path("target").asText());
            }
        }
        return new BackupRecord(name, BackupName.parse(name == null ? "" : name).map(BackupName::kind).orElse(null),
                done.getFinishedAt(), summary.path("bytesOut").asLong(), summary.path("durationSeconds").asDouble(),
                targets, AgentSummary.text(summary, "keyFingerprint"), job(pod));
    }

    private static BackupFailure failure(Pod pod, ContainerStateTerminated done, Optional<JsonNode> summary) {
        String reason;
        String message;
        if ("OOMKilled".equals(done.getReason())) {
            reason = "BackupOOMKilled";
            message = "the backup pod ran out of memory (OOMKilled)";
        } else if (summary.isPresent()) {
            reason = "BackupFailed";
            List<String> parts = new ArrayList<>();
            Optional.ofNullable(AgentSummary.text(summary.get(), "error")).ifPresent(parts::add);
            for (JsonNode t : summary.get().path("targets")) {
                if (t.hasNonNull("error")) {
                    parts.add(t.path("target").asText() + ": " + t.path("error").asText());
                }
            }
            message = parts.isEmpty() ? "the agent reported a failure" : String.join("; ", parts);
        } else if ("DeadlineExceeded".equals(pod.getStatus().getReason())) {
            reason = "BackupDeadlineExceeded";
            message = "the backup did not finish within the Job's deadline";
        } else {
            reason = "BackupPodFailed";
            message = AgentSummary.text(done);
        }
        return new BackupFailure(done.getFinishedAt(), reason, message, job(pod));
    }

    private static String job(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("job-name");
    }

    private static Instant time(String rfc3339) {
        return rfc3339 == null ? Instant.EPOCH : Instant.parse(rfc3339);
    }
}
