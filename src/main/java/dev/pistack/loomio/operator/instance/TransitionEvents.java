package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.BackupFailure;
import dev.pistack.loomio.api.v1alpha1.BackupRecord;
import dev.pistack.loomio.api.v1alpha1.BackupStatus;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.ConditionType;
import dev.pistack.loomio.api.v1alpha1.HibernationStatus;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioInstanceStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreTestRecord;
import dev.pistack.loomio.api.v1alpha1.UploadsRestoreStatus;
import dev.pistack.loomio.contract.Targets;
import dev.pistack.loomio.operator.backup.StatusValues;
import dev.pistack.loomio.operator.kube.Conditions;
import dev.pistack.loomio.operator.kube.EventRecorder;
import dev.pistack.loomio.operator.kube.EventType;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import dev.pistack.loomio.operator.lifecycle.PlannedStopView;
import dev.pistack.loomio.operator.upgrade.ImageTag;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;
import java.util.Objects;

/** Emits one Event per meaningful status transition, so Events tell the story without repeating it every reconcile. */
final class TransitionEvents {
    private TransitionEvents() {
    }

    /** Call only after {@code after} was written: an Event must never announce a status the API server refused. */
    static void record(EventRecorder events, LoomioInstance instance, LoomioInstanceStatus before,
            LoomioInstanceStatus after) {
        List<Condition> old = before == null ? List.of() : before.getConditions();
        List<Condition> now = after.getConditions();
        // A Warning when the instance becomes stalled, and again only when what blocks it changes.
        Condition stalled = Conditions.find(now, ConditionType.STALLED).orElseThrow();
        String blockedBefore = Conditions.find(old, ConditionType.STALLED).filter(c -> "True".equals(c.getStatus()))
                .map(Condition::getMessage).orElse(null);
        if ("True".equals(stalled.getStatus()) && !stalled.getMessage().equals(blockedBefore)) {
            events.record(instance, EventType.WARNING, ConditionReason.of(stalled.getReason()), stalled.getMessage());
        }
        Long seenBefore = before == null ? null : before.getObservedGeneration();
        if (!Objects.equals(seenBefore, after.getObservedGeneration())) {
            // Once per generation: a new spec is the moment to say it, not every reconcile.
            String image = instance.getSpec().getImage();
            ImageTag.moving(image).ifPresent(tag -> events.record(instance, EventType.WARNING,
                    ConditionReason.MOVING_IMAGE_TAG, ImageTag.warning(image, tag)));
        }
        backupEvents(events, instance, before == null ? null : before.getBackup(), after.getBackup());
        RestoreStatus restoredBefore = StatusValues.of(before == null ? null : before.getRestore());
        RestoreStatus restored = after.getRestore();
        UploadsRestoreStatus uploads = restored == null ? null : restored.uploads();
        if (uploads != null && !uploads.equals(restoredBefore == null ? null : restoredBefore.uploads())) {
            events.record(instance, EventType.NORMAL, ConditionReason.UPLOADS_RESTORED, "pod " + uploads.pod()
                    + " restored " + uploads.files() + " uploaded files (" + uploads.bytes() + " bytes) of "
                    + uploads.backup() + " from " + uploads.source() + " (" + uploads.durationSeconds() + " s)");
        }
        // The database's restore is told apart from the uploads': a new uploads restore alone is not one.
        if (restored != null && !restored.withUploads(null).equals(
                restoredBefore == null ? null : restoredBefore.withUploads(null))) {
            String source = restored.source();
            if (StatusValues.of(Targets.LOCAL).equals(source) || StatusValues.of(Targets.OFFSITE).contains(source)) {
                events.record(instance, EventType.NORMAL, ConditionReason.RESTORED,
                        "pod " + restored.pod() + " restored " + restored.backup() + " from " + restored.source()
                                + " (" + restored.sqlBytes() + " bytes of SQL, " + restored.durationSeconds() + " s)"
                                + (restored.skipped() == null ? "" : "; refused newer: " + restored.skipped().size()));
                if (restored.warning() != null) {
                    events.record(instance, EventType.WARNING, ConditionReason.RESTORED_WITHOUT_A_TARGET,
                            "pod " + restored.pod() + ": " + restored.warning());
                }
            } else if (StatusValues.of(Targets.NONE).equals(source)) {
                events.record(instance, EventType.WARNING, ConditionReason.STARTED_FRESH,
                        "pod " + restored.pod() + " started with an empty database: no backup exists yet");
            }
            // Existing: the data directory was initialized, nothing was restored.
        }
        memoryEvents(events, instance, old, now);
        boolean serving = Conditions.find(now, ConditionType.READY)
                .filter(c -> "True".equals(c.getStatus()) && ConditionReason.READY.value().equals(c.getReason()))
                .isPresent();
        // Ready True because hibernated is announced by the Hibernated step's own Event.
        if (serving && !Conditions.isTrue(old, ConditionType.READY)) {
            events.record(instance, EventType.NORMAL, ConditionReason.READY,
                    Conditions.find(now, ConditionType.READY).orElseThrow().getMessage());
        }
    }

    /**
     * One Event per step of a hibernation, planned restart or environment switch (the step's reason differs from the reason Ready had; a
     * blocked one is announced by Stalled's Warning), a Warning when it goes on without a final backup against the
     * policy's wish (BestEffort), and a Normal one when spec.hibernate became false.
     */
    static void plannedStop(EventRecorder events, LoomioInstance instance, LoomioInstanceStatus before,
            PlannedStop.Plan plan) {
        List<Condition> old = before == null ? List.of() : before.getConditions();
        String readyBefore = Conditions.find(old, ConditionType.READY).map(Condition::getReason).orElse(null);
        if (plan.step() == PlannedStop.Step.AWAKE) {
            if (before != null && before.getHibernation() != null) {
                HibernationStatus h = before.getHibernation();
                events.record(instance, EventType.NORMAL, ConditionReason.RESUMING, "resuming: Postgres restores "
                        + (h.backup() == null ? "the newest backup" : "final backup " + h.backup())
                        + ", then the app tier starts");
            }
            return;
        }
        boolean stalled = plan.view().filter(PlannedStopView::blocked).isPresent();
        if (!stalled && !plan.reason().value().equals(readyBefore)) {
            events.record(instance, plan.warning() ? EventType.WARNING : EventType.NORMAL, plan.reason(),
                    plan.message());
        }
    }

    /**
     * A Warning when memory enters warning or critical, a Normal one when it recovers; none while it stays (the
     * message's figures change, the reason does not) and none for samples that are merely unavailable.
     */
    private static void memoryEvents(EventRecorder events, LoomioInstance instance, List<Condition> old,
            List<Condition> now) {
        ConditionReason after = Conditions.find(now, ConditionType.MEMORY_HEALTHY)
                .map(c -> ConditionReason.of(c.getReason())).orElse(null);
        ConditionReason before = Conditions.find(old, ConditionType.MEMORY_HEALTHY)
                .map(c -> ConditionReason.of(c.getReason())).orElse(null);
        if (after == null || after == before) {
            return;
        }
        String message = Conditions.find(now, ConditionType.MEMORY_HEALTHY).orElseThrow().getMessage();
        boolean alarmBefore = before == ConditionReason.MEMORY_WARNING || before == ConditionReason.MEMORY_CRITICAL;
        switch (after) {
            case MEMORY_WARNING, MEMORY_CRITICAL -> events.record(instance, EventType.WARNING, after, message);
            case MEMORY_WITHIN_LIMITS -> {
                if (alarmBefore) {
                    events.record(instance, EventType.NORMAL, after, "recovered: " + message);
                }
            }
            default -> {
                // NotSampledYet, MetricsUnavailable: no alarm, no Event.
            }
        }
    }

    /**
     * One Event per backup run and per restore test, success or failure, when its result first reaches the status.
     */
    private static void backupEvents(EventRecorder events, LoomioInstance instance, BackupStatus before,
            BackupStatus after) {
        if (after == null) {
            return;
        }
        BackupRecord success = after.lastSuccess();
        if (success != null && (before == null || !success.equals(before.lastSuccess()))) {
            events.record(instance, EventType.NORMAL, ConditionReason.BACKUP_SUCCEEDED, "backup " + success.name()
                    + " stored in " + String.join(", ", success.targets()) + " (" + success.sizeBytes()
                    + " bytes, " + success.durationSeconds() + " s, key " + success.keyFingerprint() + ")");
        }
        RestoreTestRecord verified = after.lastVerified();
        if (verified != null && (before == null || !verified.equals(before.lastVerified()))) {
            String tested = verified.name() == null ? "the newest backup" : verified.name();
            if (verified.passed()) {
                events.record(instance, EventType.NORMAL, ConditionReason.RESTORE_TEST_PASSED, "restore test of "
                        + tested + " passed: " + verified.tables() + " tables, " + verified.rows() + " rows as in"
                        + " the backup (" + verified.durationSeconds() + " s, Job " + verified.job() + ")");
            } else {
                events.record(instance, EventType.WARNING, ConditionReason.RESTORE_TEST_FAILED, "restore test of "
                        + tested + " failed (" + verified.reason() + "): " + verified.message() + " (Job "
                        + verified.job() + ")");
            }
        }
        BackupFailure failure = after.lastFailure();
        if (failure != null && (before == null || !failure.equals(before.lastFailure()))) {
            events.record(instance, EventType.WARNING, ConditionReason.BACKUP_FAILED, "backup Job " + failure.job()
                    + " failed (" + failure.reason() + "): " + failure.message() + ". Older backups are untouched.");
        }
    }
}
