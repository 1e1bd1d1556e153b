package dev.pistack.loomio.agent.store;

/**
 * A finished backup in one target.
 *
 * @param name its parsed file name
 * @param location a path (local) or a Drive file ID
 * @param sizeBytes its size in bytes
 */
public record StoredBackup(BackupName name, String location, long sizeBytes) {
}
