package dev.pistack.loomio.agent.store;

import java.time.Instant;

/**
 * A file kept in a target's uploads folder ({@link BackupTarget#UPLOADS_FOLDER}): an encrypted blob or a manifest.
 *
 * @param name its name in the folder
 * @param sizeBytes its size as stored, bytes
 * @param modified when it was stored (a local file's mtime, Drive's createdTime, S3's LastModified)
 * @param location a path (local), a Drive file ID or an S3 key
 */
public record StoredObject(String name, long sizeBytes, Instant modified, String location) {
}
