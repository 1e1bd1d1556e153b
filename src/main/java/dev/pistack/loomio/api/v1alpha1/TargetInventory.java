package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * What one backup target held after the newest backup run that listed it (scheduled backups create no resources:
 * this is their inventory).
 *
 * @param target {@code local} or {@code drive}
 * @param newest the newest backup's file name
 * @param count how many backups it holds
 * @param totalBytes their total size, bytes
 * @param time when the run that listed it finished, RFC 3339
 * @param freeBytes the room left on it, bytes, when it can tell: for the local volume, its file system's free space
 *     (with k3s' local-path, the node's disk: the SD card); for Drive with OAuth user credentials, the account's quota
 *     left; null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetInventory(
        @JsonPropertyDescription("Local, Drive or S3.") String target,
        @JsonPropertyDescription("The newest backup's file name.") String newest,
        @JsonPropertyDescription("How many backups it holds.") Integer count,
        @JsonPropertyDescription("Their total size, bytes.") Long totalBytes,
        @JsonPropertyDescription("When the run that listed it finished (RFC 3339).") String time,
        @JsonPropertyDescription("Room left on it, bytes, when it can tell: for Local, the free space of the volume's"
                + " file system (with k3s' local-path, the node's disk); for Drive with OAuth user credentials, the"
                + " account's quota left.") Long freeBytes) {
    /** An inventory without free space. */
    public TargetInventory(String target, String newest, Integer count, Long totalBytes, String time) {
        this(target, newest, count, totalBytes, time, null);
    }
}
