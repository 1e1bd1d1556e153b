package dev.pistack.loomio.operator.backup;

import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioBackupStatus;
import dev.pistack.loomio.operator.EventRecorder;
import dev.pistack.loomio.operator.EventType;
import dev.pistack.loomio.operator.status.ConditionReason;
import dev.pistack.loomio.operator.status.ConditionType;
import dev.pistack.loomio.operator.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.Optional;

/**
 * Writes a LoomioBackup's status (server-side apply of name, namespace and status only, with the read
 * resourceVersion as precondition, then into the SDK's cache) and one Event per change of phase or of the Ready
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
        if (Objects.equals(next, current.getStatus())) {
            return current;
        }
        LoomioBackup fresh = new LoomioBackup();
        fresh.setMetadata(new ObjectMetaBuilder().withName(current.getMetadata().getName())
                .withNamespace(current.getMetadata().getNamespace()).build());
        fresh.setStatus(next);
        LoomioBackup written = PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(current, fresh, context);
        Optional<Condition> before = ready(current.getStatus());
        Optional<Condition> after = ready(next);
        boolean phaseChanged = current.getStatus() == null || current.getStatus().phase() != next.phase();
        boolean reasonChanged = !before.map(Condition::getReason).equals(after.map(Condition::getReason));
        if (after.isPresent() && (phaseChanged || reasonChanged)) {
            EventType type = next.phase() == BackupPhase.FAILED ? EventType.WARNING : EventType.NORMAL;
            String message = next.phase() == BackupPhase.FAILED ? next.error() : after.get().getMessage();
            events.record(written, type, ConditionReason.of(after.get().getReason()), message);
        }
        return written;
    }

    private static Optional<Condition> ready(LoomioBackupStatus status) {
        return status == null ? Optional.empty() : Conditions.find(status.conditions(), ConditionType.READY);
    }
}
