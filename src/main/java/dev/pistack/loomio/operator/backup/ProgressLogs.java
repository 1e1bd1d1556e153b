package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.contract.ProgressReport;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The newest {@link ProgressReport} a running container printed: the last {@value #TAIL_LINES} lines of its log
 * through the kubelet's log API ({@code pods/log}). Progress lines come every few seconds, so the newest is among
 * them.
 */
public final class ProgressLogs {
    /** Lines of the log read. */
    static final int TAIL_LINES = 5;
    private static final Logger LOG = Logger.getLogger(ProgressLogs.class);

    private ProgressLogs() {
    }

    /**
     * @param container a container of the pod, init containers included
     * @return its newest progress line, its source as the status names targets ({@code Drive}); empty when it printed
     *     none or the log cannot be read (logged as a Warning: the work goes on regardless)
     */
    public static Optional<ProgressReport> newest(KubernetesClient client, Pod pod, String container) {
        String log;
        try {
            log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(TAIL_LINES).getLog();
        } catch (KubernetesClientException e) {
            LOG.warnf("cannot read the progress of %s/%s's %s: %s", pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(), container, e.getMessage());
            return Optional.empty();
        }
        return ProgressReport.newest(log).map(r -> new ProgressReport(r.progress(), r.backup(),
                StatusValues.of(r.source()), r.doneBytes(), r.totalBytes(), r.bytesPerSecond()));
    }
}
