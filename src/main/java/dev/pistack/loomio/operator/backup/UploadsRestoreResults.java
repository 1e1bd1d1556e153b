package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.contract.RestoreOutcome;
import dev.pistack.loomio.contract.Summaries;
import dev.pistack.loomio.contract.UploadsRestoreSummary;
import dev.pistack.loomio.operator.desired.UploadsRestoreContainer;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;

/**
 * Reads the restore of the uploads volume from the Postgres pod's restore-uploads init container (its JSON result, the
 * termination message).
 */
public final class UploadsRestoreResults {
    private UploadsRestoreResults() {
    }

    /**
     * @param pod the Postgres pod, if it exists
     * @return the restore that brought files back, if the pod reports one (not when the volume held files already)
     */
    public static Optional<UploadsRestoreStatus> restored(Optional<Pod> pod) {
        return pod.stream()
                .flatMap(p -> terminated(p).stream()
                        .flatMap(t -> Summaries.parse(t.getMessage(), UploadsRestoreSummary.class).stream()
                                .filter(s -> s.status() == RestoreOutcome.RESTORED)
                                .map(s -> new UploadsRestoreStatus(StatusValues.of(s.source()), s.backup(),
                                        s.files(), s.bytes(), s.durationSeconds(), t.getFinishedAt(),
                                        p.getMetadata().getName()))))
                .findFirst();
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
