package dev.pistack.loomio.operator.backup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the restore of a Postgres pod from its restore init containers: their JSON results (termination messages,
 * which the kubelet keeps for init containers too), whether they still run, and why they failed.
 */
public final class RestoreResults {
    /** Exit codes of {@code agent restore} (AgentCommand). */
    private static final int EXIT_NO_BACKUP = 3;
    private static final int EXIT_NO_AUTHENTIC_BACKUP = 4;

    /**
     * What the pod shows.
     *
     * @param completed the finished restore, when both init containers succeeded
     * @param failure why the restore fails, when an init container failed (it is retried with back-off)
     * @param running true while an init container runs
     */
    public record Observation(Optional<RestoreStatus> completed, Optional<String> failure, boolean running) {
        static final Observation NONE = new Observation(Optional.empty(), Optional.empty(), false);
    }

    private RestoreResults() {
    }

    /** @param pod the Postgres pod, if it exists */
    public static Observation observe(Optional<Pod> pod) {
        if (pod.isEmpty() || pod.get().getStatus() == null
                || pod.get().getStatus().getInitContainerStatuses() == null) {
            return Observation.NONE;
        }
        Optional<ContainerStatus> fetch = status(pod.get(), PostgresRestore.FETCH);
        Optional<ContainerStatus> apply = status(pod.get(), PostgresRestore.APPLY);
        if (fetch.isEmpty() || apply.isEmpty()) {
            return Observation.NONE;
        }
        for (ContainerStatus s : List.of(fetch.get(), apply.get())) {
            Optional<ContainerStateTerminated> failed = failed(s);
            if (failed.isPresent()) {
                return new Observation(Optional.empty(), Optional.of(failure(s.getName(), failed.get())), false);
            }
        }
        ContainerStateTerminated fetched = succeeded(fetch.get());
        ContainerStateTerminated applied = succeeded(apply.get());
        if (fetched == null || applied == null) {
            return new Observation(Optional.empty(), Optional.empty(), true);
        }
        Optional<JsonNode> f = AgentSummary.of(fetched);
        Optional<JsonNode> a = AgentSummary.of(applied);
        String outcome = f.map(j -> AgentSummary.text(j, "status")).orElse("");
        String source = switch (outcome) {
            case "restored" -> AgentSummary.text(f.get(), "source");
            case "skipped" -> "existing";
            default -> "none";
        };
        List<RestoreStatus.SkippedBackup> skipped = new ArrayList<>();
        f.ifPresent(j -> j.path("attempts").forEach(at -> skipped.add(new RestoreStatus.SkippedBackup(
                at.path("name").asText(), at.path("target").asText(), at.path("reason").asText()))));
        // Milliseconds at most: a sum of two doubles would print as 2.2439999999999998.
        double seconds = Math.round(1000 * (f.map(j -> j.path("durationSeconds").asDouble()).orElse(0.0)
                + a.map(j -> j.path("durationSeconds").asDouble()).orElse(0.0))) / 1000.0;
        return new Observation(Optional.of(new RestoreStatus(source,
                f.map(j -> AgentSummary.text(j, "name")).orElse(null),
                f.filter(j -> j.hasNonNull("sqlBytes")).map(j -> j.get("sqlBytes").asLong()).orElse(null),
                seconds, applied.getFinishedAt(), pod.get().getMetadata().getName(),
                skipped.isEmpty() ? null : skipped)), Optional.empty(), false);
    }

    private static Optional<ContainerStatus> status(Pod pod, String name) {
        return pod.getStatus().getInitContainerStatuses().stream().filter(s -> name.equals(s.getName())).findFirst();
    }

    private static ContainerStateTerminated succeeded(ContainerStatus s) {
        ContainerStateTerminated t = s.getState() == null ? null : s.getState().getTerminated();
        return t != null && Integer.valueOf(0).equals(t.getExitCode()) ? t : null;
    }

    /** @return the last failed run, while the container is not running or done with a later success */
    private static Optional<ContainerStateTerminated> failed(ContainerStatus s) {
        if (s.getState() != null && s.getState().getTerminated() != null) {
            ContainerStateTerminated t = s.getState().getTerminated();
            return Integer.valueOf(0).equals(t.getExitCode()) ? Optional.empty() : Optional.of(t);
        }
        if (s.getState() != null && s.getState().getWaiting() != null && s.getLastState() != null
                && s.getLastState().getTerminated() != null
                && !Integer.valueOf(0).equals(s.getLastState().getTerminated().getExitCode())) {
            return Optional.of(s.getLastState().getTerminated());
        }
        return Optional.empty();
    }

    private static String failure(String container, ContainerStateTerminated t) {
        Optional<JsonNode> summary = AgentSummary.of(t);
        String key = summary.map(j -> AgentSummary.text(j, "keyFingerprint")).map(k -> " (key " + k + ")").orElse("");
        if (PostgresRestore.FETCH.equals(container) && Integer.valueOf(EXIT_NO_BACKUP).equals(t.getExitCode())) {
            return "no backup found in any target, and this instance expects one (it recorded a backup before, or"
                    + " spec.postgres.restore.whenNoBackup is Fail): check the backup volume, the Drive folder and"
                    + " the key" + key + ". To start with an empty database instead, set"
                    + " spec.postgres.restore.whenNoBackup: StartFresh";
        }
        if (PostgresRestore.FETCH.equals(container)
                && Integer.valueOf(EXIT_NO_AUTHENTIC_BACKUP).equals(t.getExitCode()) && summary.isPresent()) {
            List<String> refused = new ArrayList<>();
            summary.get().path("attempts").forEach(a -> refused.add(a.path("name").asText() + " ("
                    + a.path("target").asText() + "): " + a.path("reason").asText()));
            return "no backup passed the checks" + key + "; a wrong key shows as wrong-key-or-corrupt on every"
                    + " backup: " + String.join(", ", refused);
        }
        if ("OOMKilled".equals(t.getReason())) {
            return container + " ran out of memory (OOMKilled): raise spec.postgres.resources.memory";
        }
        String error = summary.map(j -> AgentSummary.text(j, "error")).orElse(AgentSummary.text(t));
        return container + " failed" + key + ": " + error;
    }
}
