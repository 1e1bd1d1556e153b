package dev.pistack.loomio.operator.upgrade;

import dev.pistack.loomio.api.v1alpha1.BackupKind;
import dev.pistack.loomio.api.v1alpha1.BackupPhase;
import dev.pistack.loomio.api.v1alpha1.ConditionReason;
import dev.pistack.loomio.api.v1alpha1.LoomioBackup;
import dev.pistack.loomio.api.v1alpha1.LoomioInstance;
import dev.pistack.loomio.operator.desired.BackupAgent;
import dev.pistack.loomio.operator.desired.Names;
import dev.pistack.loomio.operator.desired.OwnedBackup;
import dev.pistack.loomio.operator.kube.Problem;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A change of Loomio image is backed up before it migrates: when the instance has a migration Job of another image
 * and none of the current one yet, a LoomioBackup of kind PreUpgrade ({@link Names#preUpgradeBackup}) runs first, and
 * the migration Job is created only once it completed. A first install has nothing to back up; an instance without
 * backups (development without backup.secretRef) cannot take one. The backup file is never pruned: it is the way
 * back if the migration fails ({@link MigrationProblems}). A pure function of what it is given.
 */
public final class PreUpgradeBackup {
    /** Where a change of image stands. */
    public enum State {
        /** Nothing to back up first, or the backup completed: the migration may start. */
        ALLOWED,
        /** The app tier is stopped (hibernation, planned restart): no backup now, no migration either. */
        APP_TIER_STOPPED,
        /** The pre-upgrade backup is created or runs: the migration waits. */
        BACKING_UP,
        /** The pre-upgrade backup failed: the migration waits for the user. */
        FAILED
    }

    /**
     * @param state where the change of image stands
     * @param create the LoomioBackup to create now, if any
     * @param problem a failed pre-upgrade backup, which holds the migration until the user acts
     */
    public record Plan(State state, Optional<LoomioBackup> create, Optional<Problem> problem) {
        static final Plan ALLOWED = new Plan(State.ALLOWED, Optional.empty(), Optional.empty());

        /** @return whether the migration Job of the current image may be created */
        public boolean migrationAllowed() {
            return state == State.ALLOWED;
        }
    }

    private PreUpgradeBackup() {
    }

    /**
     * @param appTierRuns whether the app tier runs ({@code Tiers.app()}): a stopped data tier cannot be backed up
     * @param jobs the instance's Jobs, as its informer cache holds them
     * @param read reads a LoomioBackup by name from the API server; only called while an upgrade waits for it
     * @return whether the migration may start, and what to create or report first
     */
    public static Plan plan(LoomioInstance i, boolean appTierRuns, Collection<Job> jobs,
            Function<String, Optional<LoomioBackup>> read) {
        if (!appTierRuns) {
            return new Plan(State.APP_TIER_STOPPED, Optional.empty(), Optional.empty());
        }
        String current = Names.migrationJob(i);
        List<Job> migrations = MigrationJobs.of(jobs);
        boolean started = migrations.stream().anyMatch(j -> current.equals(j.getMetadata().getName()));
        if (started || migrations.isEmpty() || !BackupAgent.enabled(i)) {
            return Plan.ALLOWED;
        }
        String name = Names.preUpgradeBackup(i);
        Optional<LoomioBackup> backup = read.apply(name);
        if (backup.isEmpty()) {
            return new Plan(State.BACKING_UP, Optional.of(desired(i, name)), Optional.empty());
        }
        BackupPhase phase = backup.get().getStatus() == null ? null : backup.get().getStatus().phase();
        if (phase == BackupPhase.COMPLETED) {
            return Plan.ALLOWED;
        }
        if (phase == BackupPhase.FAILED) {
            return new Plan(State.FAILED, Optional.empty(),
                    Optional.of(new Problem(ConditionReason.PRE_UPGRADE_BACKUP_FAILED,
                            "the backup before the migration to " + i.getSpec().getImage() + " failed (kubectl describe"
                                    + " loomiobackup " + name + "); the migration waits. Fix the cause and delete the"
                                    + " LoomioBackup to take it again, or set spec.image back.")));
        }
        return new Plan(State.BACKING_UP, Optional.empty(), Optional.empty());
    }

    /** @return the LoomioBackup to create: kind PreUpgrade, owned by the instance (the backup file outlives it) */
    static LoomioBackup desired(LoomioInstance i, String name) {
        return OwnedBackup.desired(i, name, "pre-upgrade-backup", BackupKind.PRE_UPGRADE);
    }
}
