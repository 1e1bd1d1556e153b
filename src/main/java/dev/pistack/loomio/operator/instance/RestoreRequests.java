package dev.pistack.loomio.operator.instance;

import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.api.v1alpha1.LoomioRestore;
import dev.pistack.loomio.api.v1alpha1.LoomioRestoreStatus;
import dev.pistack.loomio.api.v1alpha1.RestorePhase;
import dev.pistack.loomio.api.v1alpha1.RestoreRequestStatus;
import dev.pistack.loomio.api.v1alpha1.RestoreStatus;
import dev.pistack.loomio.operator.backup.RestoreResults;
import dev.pistack.loomio.operator.lifecycle.PlannedStop;
import dev.pistack.loomio.operator.lifecycle.RestoreReport;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The LoomioRestores of an instance: which one runs (the oldest that has not finished, one at a time), and what
 * each one's status says, from the instance's record ({@code status.restoreRequest}) and this reconcile's plan.
 */
final class RestoreRequests {
    private RestoreRequests() {
    }

    /**
     * @param restores the LoomioRestores that name the instance
     * @return the one to go through: the record's while it runs, else the oldest (creationTimestamp, then name) whose
     *     status is not final and that the record does not show finished (its status write may have failed)
     */
    static Optional<LoomioRestore> active(LoomioInstance i, List<LoomioRestore> restores) {
        RestoreRequestStatus record = i.getStatus() == null ? null : i.getStatus().getRestoreRequest();
        return restores.stream()
                .filter(r -> r.getMetadata().getDeletionTimestamp() == null)
                .filter(r -> r.getStatus() == null || r.getStatus().phase() == null
                        || !r.getStatus().phase().finished())
                .filter(r -> record == null || !record.finished()
                        || !record.name().equals(r.getMetadata().getName()))
                .min(Comparator.comparing((LoomioRestore r) -> r.getMetadata().getCreationTimestamp(),
                        Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(r -> r.getMetadata().getName()));
    }

    /**
     * @param postgres the instance's Postgres pod, if it exists
     * @return what its restore init containers report, judged against the choice of the LoomioRestore the instance
     *     goes through (none: any backup counts)
     */
    static RestoreReport report(LoomioInstance i, Optional<Pod> postgres) {
        RestoreResults.Observation o = RestoreResults.observe(postgres);
        RestoreRequestStatus record = i.getStatus() == null ? null : i.getStatus().getRestoreRequest();
        String backup = record == null || record.finished() ? null : record.backup();
        String before = record == null || record.finished() ? null : record.before();
        String source = record == null || record.finished() ? null : record.sourceInstance();
        Optional<RestoreStatus> done = o.completed();
        // Nothing restored (an initialized data directory, or a fresh start) is never what a LoomioRestore chose.
        return new RestoreReport(done.map(r -> r.backup() != null ? r.backup() : "nothing (" + r.source() + ")")
                .orElse(null), done.map(RestoreStatus::source).orElse(null),
                done.map(r -> RestoreResults.chosen(backup, before, r.backup())
                        // A clone reads only the source's off-site backups, never the local volume (its own).
                        && (source == null || !"Local".equals(r.source()))).orElse(false),
                o.failure(), o.permanent());
    }

    /**
     * @param restores the LoomioRestores that name the instance
     * @param record status.restoreRequest as this reconcile wrote it
     * @param plan this reconcile's planned stop
     * @return each LoomioRestore whose status changes, with its new status
     */
    static List<LoomioRestore> statuses(LoomioInstance i, List<LoomioRestore> restores, RestoreRequestStatus record,
            PlannedStop.Plan plan) {
        List<LoomioRestore> changed = new ArrayList<>();
        for (LoomioRestore r : restores) {
            LoomioRestoreStatus next = statusOf(i, r, record, plan);
            if (next != null && !Objects.equals(next, r.getStatus())) {
                changed.add(withStatus(r, next));
            }
        }
        return changed;
    }

    /** @return the status to write, or null to leave it as it is */
    private static LoomioRestoreStatus statusOf(LoomioInstance i, LoomioRestore r, RestoreRequestStatus record,
            PlannedStop.Plan plan) {
        boolean finalPhase = r.getStatus() != null && r.getStatus().phase() != null && r.getStatus().phase().finished();
        if (finalPhase) {
            return null;
        }
        boolean mine = record != null && record.name().equals(r.getMetadata().getName());
        if (!mine) {
            String waits = i.getSpec().isHibernate()
                    ? "waits: the instance hibernates (set spec.hibernate to false)"
                    : record != null && !record.finished()
                            ? "waits for LoomioRestore " + record.name()
                            : plan.purpose() != null && plan.purpose() != PlannedStop.Purpose.RESTORE
                                    ? "waits: the instance is " + plan.purpose().doing()
                                    : "waits for the instance";
            return new LoomioRestoreStatus(RestorePhase.PENDING, waits, null, null, null, null, null, null, null);
        }
        RestorePhase phase;
        if (record.finished()) {
            phase = record.failure() == null ? RestorePhase.COMPLETED : RestorePhase.FAILED;
        } else if (record.dataStopped() != Boolean.TRUE) {
            phase = RestorePhase.STOPPING;
        } else if (record.restoredBackup() == null) {
            phase = RestorePhase.RESTORING;
        } else {
            phase = RestorePhase.BACKING_UP;
        }
        // A finished restore's message follows from its record alone: a later reconcile that reads an older
        // status from the cache then writes the same one, not another.
        String message = record.finished()
                ? finalMessage(record)
                : plan.purpose() == PlannedStop.Purpose.RESTORE ? plan.message() : "waits for the instance";
        return new LoomioRestoreStatus(phase, message, record.safetyBackup(), record.safetyBackupName(),
                record.restoredBackup(), record.source(), record.postRestoreBackup(), record.startedAt(),
                record.completedAt());
    }

    /** @return what a finished restore did, and how to undo it */
    static String finalMessage(RestoreRequestStatus record) {
        String asWas = record.safetyBackupName() != null
                ? record.safetyBackupName() + " (LoomioBackup " + record.safetyBackup() + ")"
                : "the newest backup";
        if (record.failure() != null) {
            return "restored nothing: " + record.failure() + ". The instance runs on the data it had ("
                    + asWas + ")";
        }
        return "restored " + record.restoredBackup() + " (from " + record.source() + ") and backed it up (LoomioBackup "
                + record.postRestoreBackup() + ")" + (record.safetyBackupName() == null
                        ? "; there was no data to back up before it"
                        : ". To undo it, restore " + asWas + " with a new LoomioRestore");
    }

    private static LoomioRestore withStatus(LoomioRestore r, LoomioRestoreStatus status) {
        LoomioRestore copy = new LoomioRestore();
        copy.setMetadata(r.getMetadata());
        copy.setSpec(r.getSpec());
        copy.setStatus(status);
        return copy;
    }
}
