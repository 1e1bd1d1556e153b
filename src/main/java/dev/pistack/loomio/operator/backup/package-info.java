/**
 * Backups, restores and restore tests as the operator sees them: the LoomioBackup controller and the pure function
 * that moves a LoomioBackup from Pending to Completed or Failed, the readers of the agent's summaries (backup,
 * restore, restore test) and the health rules that turn them into BackupHealthy and BackupVerified. Imports the API,
 * {@code kube}, {@code desired}, {@code dependent} and the agent's backup names ({@code agent.store.BackupName}).
 */
package dev.pistack.loomio.operator.backup;
