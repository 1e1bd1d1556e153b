package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import dev.pistack.loomio.operator.kube.StatusPatch;
import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Writes a LoomioBackup's status ({@link StatusPatch}) and one Event per change of phase or of the Ready
 * condition's reason: Normal while it waits, runs and completes, Warning when it fails.
 */
@ApplicationScoped
public class BackupStatusWriter {
    private final EventRecorder events;

    public BackupStatusWriter(EventRecorder events) {
        this.events = events;
    }

    /**
     * @return the LoomioBackup as stored, or {@code current} when the status did not change
     * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses the write; the SDK
     *     retries the reconcile, and no Event is recorded
     */
    public LoomioBackup write(LoomioBackup current, LoomioBackupStatus next, Context<LoomioBackup> context) {
        return StatusPatch.write(current, next, LoomioBackup::new, context).map(written -> {
            announce(written, current.getStatus(), next);
            return written;
        }).orElse(current);
    }

    private void announce(LoomioBackup written, LoomioBackupStatus before, LoomioBackupStatus next) {
        Optional<Condition> was = ready(before);
        Optional<Condition> now = ready(next);
        boolean phaseChanged = before == null || before.phase() != next.phase();
        boolean reasonChanged = !was.map(Condition::getReason).equals(now.map(Condition::getReason));
        if (now.isPresent() && (phaseChanged || reasonChanged)) {
            EventType type = next.phase() == BackupPhase.FAILED ? EventType.WARNING : EventType.NORMAL;
            String message = next.phase() == BackupPhase.FAILED ? next.error() : now.get().getMessage();
            events.record(written, type, ConditionReason.of(now.get().getReason()), message);
        }
    }

    private static Optional<Condition> ready(LoomioBackupStatus status) {
        return status == null ? Optional.empty() : Conditions.find(status.conditions(), ConditionType.READY);
    }
}
