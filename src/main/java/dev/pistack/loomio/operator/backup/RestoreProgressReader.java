package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.contract.ProgressReport;
import dev.pistack.loomio.contract.RestoreSummary;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.operator.desired.PostgresRestore;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * How far the running restore of a Postgres pod got: the newest {@link ProgressReport} line in the log of the restore
 * init container that runs (the kubelet's log API, {@code pods/log}; the last {@value #TAIL_LINES} lines). While the
 * apply container runs, the backup and its source come from the fetch container's summary, which has ended.
 */
public final class RestoreProgressReader {
    /** Lines of the log read: progress lines come every few seconds, the newest is among the last few. */
    static final int TAIL_LINES = 5;
    private static final Logger LOG = Logger.getLogger(RestoreProgressReader.class);

    private RestoreProgressReader() {
    }

    /**
     * @param pod the Postgres pod, if it exists
     * @return e.g. {@code downloading loomio-hourly-… from drive: 310.0 MiB of 1.2 GiB, 14.0 MiB/s}; empty when no
     *     restore container runs, none reported yet, or the log cannot be read (a Warning is logged; the restore
     *     goes on regardless)
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
        String log;
        try {
            log = client.pods().inNamespace(pod.get().getMetadata().getNamespace())
                    .withName(pod.get().getMetadata().getName()).inContainer(running.get().getName())
                    .tailingLines(TAIL_LINES).getLog();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot read the progress of %s/%s's %s: %s", pod.get().getMetadata().getNamespace(),
                    pod.get().getMetadata().getName(), running.get().getName(), e.getMessage());
            return Optional.empty();
        }
        Optional<ProgressReport> report = ProgressReport.newest(log).map(r -> new ProgressReport(r.progress(),
                r.backup(), StatusValues.of(r.source()), r.doneBytes(), r.totalBytes(), r.bytesPerSecond()));
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
