package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.contract.ExitCodes;
import dev.pistack.loomio.contract.RejectionReason;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.contract.Targets;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the restore of a Postgres pod from its restore init containers: their JSON results (termination messages,
 * which the kubelet keeps for init containers too), whether they still run, and why they failed.
 */
public final class RestoreResults {
    /**
     * What the pod shows.
     *
     * @param completed the finished restore, when both init containers succeeded
     * @param failure why the restore fails, when an init container failed (it is retried with back-off)
     * @param running true while an init container runs
     * @param permanent true when the failure cannot pass by itself: no backup, none authentic, or not the one a
     *     LoomioRestore chose (exit 3, 4, 6 of restore-fetch); false for an I/O error, which a retry may mend
     */
    public record Observation(Optional<RestoreStatus> completed, Optional<String> failure, boolean running,
            boolean permanent) {
        /** Nothing to report: no pod, or no restore init containers. */
        public static final Observation NONE = new Observation(Optional.empty(), Optional.empty(), false, false);
    }

    private static final Set<Integer> PERMANENT = Set.of(ExitCodes.NO_BACKUP, ExitCodes.NO_AUTHENTIC_BACKUP,
            ExitCodes.NOT_FOUND);

    /**
     * @param backup the file name a LoomioRestore chose, or null/empty
     * @param before the time it chose (RFC 3339), or null/empty
     * @param restored the file name of the backup restored
     * @return true when that restore is what was chosen: the same name, or taken at or before the time
     */
    public static boolean chosen(String backup, String before, String restored) {
        if (restored == null) {
            return false;
        }
        if (backup != null && !backup.isEmpty()) {
            return backup.equals(restored);
        }
        if (before != null && !before.isEmpty()) {
            Instant at = OffsetDateTime.parse(before).toInstant();
            return BackupName.parse(restored).map(n -> !n.time().isAfter(at)).orElse(false);
        }
        return true;
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
                return new Observation(Optional.empty(), Optional.of(failure(s.getName(), failed.get())), false,
                        PostgresRestore.FETCH.equals(s.getName())
                                && PERMANENT.contains(failed.get().getExitCode()));
            }
        }
        ContainerStateTerminated fetched = succeeded(fetch.get());
        ContainerStateTerminated applied = succeeded(apply.get());
        if (fetched == null || applied == null) {
            return new Observation(Optional.empty(), Optional.empty(), true, false);
        }
        Optional<RestoreSummary> f = Summaries.parse(fetched.getMessage(), RestoreSummary.class);
        Optional<RestoreSummary> a = Summaries.parse(applied.getMessage(), RestoreSummary.class);
        RestoreOutcome outcome = f.map(RestoreSummary::status).orElse(null);
        String source = StatusValues.of(outcome == RestoreOutcome.RESTORED
                ? f.get().source()
                : outcome == RestoreOutcome.SKIPPED ? RestoreStatus.SOURCE_EXISTING : Targets.NONE);
        List<RestoreStatus.SkippedBackup> skipped = f.map(RestoreResults::attempts).orElse(List.of()).stream()
                .map(at -> new RestoreStatus.SkippedBackup(at.name(), StatusValues.of(at.target()),
                        StatusValues.of(at.reason())))
                .toList();
        // Milliseconds at most: a sum of two doubles would print as 2.2439999999999998.
        double seconds = Math.round(1000 * (f.map(RestoreSummary::durationSeconds).orElse(0.0)
                + a.map(RestoreSummary::durationSeconds).orElse(0.0))) / 1000.0;
        return new Observation(Optional.of(new RestoreStatus(source, f.map(RestoreSummary::name).orElse(null),
                f.map(RestoreSummary::sqlBytes).orElse(null), seconds, applied.getFinishedAt(),
                pod.get().getMetadata().getName(), skipped.isEmpty() ? null : skipped,
                f.map(RestoreSummary::warning).orElse(null))), Optional.empty(), false, false);
    }

    private static List<RestoreSummary.Attempt> attempts(RestoreSummary summary) {
        return summary.attempts() == null ? List.of() : summary.attempts();
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
        Optional<RestoreSummary> summary = Summaries.parse(t.getMessage(), RestoreSummary.class);
        String key = summary.map(RestoreSummary::keyFingerprint).map(k -> " (key " + k + ")").orElse("");
        if (PostgresRestore.FETCH.equals(container) && Integer.valueOf(ExitCodes.NO_BACKUP).equals(t.getExitCode())) {
            return "no backup found in any target, and this instance expects one (it recorded a backup before, or"
                    + " spec.postgres.restore.whenNoBackup is Fail): check the backup volume, the Drive folder and"
                    + " the key" + key + ". To start with an empty database instead, set"
                    + " spec.postgres.restore.whenNoBackup: StartFresh";
        }
        if (PostgresRestore.FETCH.equals(container)
                && Integer.valueOf(ExitCodes.NO_AUTHENTIC_BACKUP).equals(t.getExitCode()) && summary.isPresent()) {
            List<String> refused = attempts(summary.get()).stream()
                    .map(a -> a.name() + " (" + StatusValues.of(a.target()) + "): " + StatusValues.of(a.reason()))
                    .toList();
            return "no backup passed the checks" + key + "; a wrong key shows as "
                    + StatusValues.of(RejectionReason.WRONG_KEY_OR_CORRUPT.code()) + " on every backup: "
                    + String.join(", ", refused);
        }
        if ("OOMKilled".equals(t.getReason())) {
            return container + " ran out of memory (OOMKilled): raise spec.postgres.resources.memory";
        }
        String error = summary.map(RestoreSummary::error).orElse(AgentSummary.text(t));
        return container + " failed" + key + ": " + error;
    }
}
