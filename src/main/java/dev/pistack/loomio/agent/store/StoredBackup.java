package dev.pistack.loomio.agent.store;

/**
 * A finished backup in one target.
 *
 * @param name its parsed file name
 * @param location a path (local) or a Drive file ID
 * @param sizeBytes its size in bytes
 * @param managed true when it lies where this agent writes, so retention may consider it; false for backups read from
 *     another system's layout (pi-stack's {@code <environment>/backups/} on Drive), which retention never touches
 */
public record StoredBackup(BackupName name, String location, long sizeBytes, boolean managed) {
}
