package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the backup CronJob's runs reported, read from their pods' termination messages (the agent's JSON summary).
 *
 * @param lastSuccess the newest backup every target stored
 * @param lastFailure the newest run that failed, or null once a later run succeeded
 * @param targets what each target held after the newest run that listed it
 * @param lastVerified the newest restore test
 * @param lastSkipped the newest scheduled run that found the database unchanged, when newer than the last success
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupStatus(
        @JsonPropertyDescription("The newest backup every target stored.") BackupRecord lastSuccess,
        @JsonPropertyDescription("The newest failed run, when it is newer than the last success.") BackupFailure lastFailure,
        @JsonPropertyDescription("Per target, what it held after the newest backup run: newest backup, count and total"
                + " size.") List<TargetInventory> targets,
        @JsonPropertyDescription("The newest restore test: the backup restored into a scratch server and its rows"
                + " compared.") RestoreTestRecord lastVerified,
        @JsonPropertyDescription("The newest scheduled run that stored nothing because the database had not changed"
                + " since lastSuccess (spec.backup.skipUnchanged), when it is newer than the last success.") BackupSkip lastSkipped) {
    /** A status without a skipped run. */
    public BackupStatus(BackupRecord lastSuccess, BackupFailure lastFailure, List<TargetInventory> targets,
            RestoreTestRecord lastVerified) {
        this(lastSuccess, lastFailure, targets, lastVerified, null);
    }

    /**
     * @param skip status.backup.lastSkipped, or null
     * @param success status.backup.lastSuccess, or null
     * @return true when the skipped run found the database as that backup holds it (the same change token), so the
     *     targets were current when it ran
     */
    public static boolean confirms(BackupSkip skip, BackupRecord success) {
        return skip != null && success != null && success.changeToken() != null
                && success.changeToken().equals(skip.changeToken());
    }

    /**
     * @param backup status.backup, or null
     * @return when the data was last known to be in a stored backup: the last success's time, or the time of a later
     *     skipped run that found the database unchanged since ({@link #confirms}); empty when none succeeded
     */
    public static Optional<Instant> currentAsOf(BackupStatus backup) {
        if (backup == null || backup.lastSuccess() == null) {
            return Optional.empty();
        }
        return Optional.of(Instant.parse(confirms(backup.lastSkipped(), backup.lastSuccess())
                ? backup.lastSkipped().time()
                : backup.lastSuccess().time()));
    }

    /** A status with runs only (no inventory, no restore test yet). */
    public BackupStatus(BackupRecord lastSuccess, BackupFailure lastFailure) {
        this(lastSuccess, lastFailure, null, null, null);
    }
}
