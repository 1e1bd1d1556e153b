package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Optional;

/**
 * How far the running restore of a Postgres pod got: the newest {@link ProgressReport} line in the log of the restore
 * init container that runs ({@link ProgressLogs}). While the apply container runs, the backup and its source come from
 * the fetch container's summary, which has ended.
 */
public final class RestoreProgressReader {
    private RestoreProgressReader() {
    }

    /**
     * @param pod the Postgres pod, if it exists
     * @return e.g. {@code downloading loomio-hourly-… from Drive: 310.0 MiB of 1.2 GiB, 14.0 MiB/s}; empty when no
     *     restore container runs, none reported yet, or the log cannot be read
     */
    public static Optional<String> read(KubernetesClient client, Optional<Pod> pod) {
        if (pod.isEmpty() || pod.get().getStatus() == null
                || pod.get().getStatus().getInitContainerStatuses() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = pod.get().getStatus().getInitContainerStatuses();
        Optional<ContainerStatus> running = statuses.stream()
                .filter(s -> PostgresRestore.FETCH.equals(s.getName()) || PostgresRestore.APPLY.equals(s.getName()))
                .filter(s -> s.getState() != null && s.getState().getRunning() != null).findFirst();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Optional<ProgressReport> report = ProgressLogs.newest(client, pod.get(), running.get().getName());
        if (report.isPresent() && PostgresRestore.APPLY.equals(running.get().getName())) {
            Optional<RestoreSummary> fetched = statuses.stream()
                    .filter(s -> PostgresRestore.FETCH.equals(s.getName()))
                    .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                    .findFirst()
                    .flatMap(s -> Summaries.parse(s.getState().getTerminated().getMessage(), RestoreSummary.class));
            ProgressReport r = report.get();
            report = Optional.of(new ProgressReport(r.progress(),
                    fetched.map(RestoreSummary::name).orElse(r.backup()),
                    fetched.map(RestoreSummary::source).map(StatusValues::of).orElse(r.source()),
                    r.doneBytes(), r.totalBytes(), r.bytesPerSecond()));
        }
        return report.map(ProgressReport::describe);
    }
}
