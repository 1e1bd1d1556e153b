package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.contract.UploadsRestoreSummary;
import dev.pistack.loomio.operator.desired.UploadsRestoreContainer;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads the restore of the uploads volume from the restore-uploads init containers of the app and worker pods (their
 * JSON results, as termination messages). Both pods run one; the one that restored reports it, the other finds the
 * volume full and reports {@code skipped}.
 */
public final class UploadsRestoreResults {
    private UploadsRestoreResults() {
    }

    /**
     * @param pods the instance's app and worker pods
     * @return the newest restore that brought files back, if a pod reports one
     */
    public static Optional<UploadsRestoreStatus> restored(List<Pod> pods) {
        return pods.stream()
                .flatMap(pod -> terminated(pod).stream()
                        .flatMap(t -> Summaries.parse(t.getMessage(), UploadsRestoreSummary.class).stream()
                                .filter(s -> s.status() == RestoreOutcome.RESTORED)
                                .map(s -> new UploadsRestoreStatus(StatusValues.of(s.source()), s.backup(),
                                        s.files(), s.bytes(), s.durationSeconds(), t.getFinishedAt(),
                                        pod.getMetadata().getName()))))
                .max(Comparator.comparing(u -> u.time() == null ? "" : u.time()));
    }

    /** @return the init container's run that ended with exit 0 */
    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getInitContainerStatuses().stream()
                .filter(s -> UploadsRestoreContainer.NAME.equals(s.getName()))
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null
                        && Integer.valueOf(0).equals(s.getTerminated().getExitCode()))
                .map(s -> s.getTerminated())
                .findFirst();
    }
}
