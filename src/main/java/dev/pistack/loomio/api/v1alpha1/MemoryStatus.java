package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/**
 * The last memory sample of a RAM-mode instance. A figure that could not be read is absent and named in
 * {@code unavailable}. Rewritten only when a figure moves by a few percentage points or a level changes, so
 * {@code sampledAt} is when the figures were taken, not the last time anyone looked.
 *
 * @param sampledAt when the figures were taken, RFC 3339
 * @param percent the worst percent of database, redis, postgresPod, redisPod and node
 * @param database bytes of the Postgres data directory (tables, indexes, WAL) against postgres.dataSize
 * @param redis Redis used_memory against its maxmemory
 * @param postgresPod the Postgres pod's memory against its limit
 * @param redisPod the Redis pod's memory against its limit
 * @param node the memory of the node that runs Postgres
 * @param unavailable one line per figure that could not be read, and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryStatus(
        @JsonPropertyDescription("When the figures were taken (RFC 3339).") String sampledAt,
        @JsonPropertyDescription("The worst percent of all figures: the RAM column.") Integer percent,
        @JsonPropertyDescription("Postgres data directory (databases and WAL, Postgres' own figures) against"
                + " postgres.dataSize, the size of its tmpfs.") MemoryUsage database,
        @JsonPropertyDescription("Redis used_memory against its maxmemory (INFO memory).") MemoryUsage redis,
        @JsonPropertyDescription("The Postgres pod's memory (metrics.k8s.io: the sum of its running containers'"
                + " working sets) against the pod's limit.") MemoryUsage postgresPod,
        @JsonPropertyDescription("The Redis pod's memory (metrics.k8s.io) against the pod's limit.") MemoryUsage redisPod,
        @JsonPropertyDescription("The node that runs Postgres.") NodeMemory node,
        @JsonPropertyDescription("Figures that could not be read, and why.") List<String> unavailable) {
}
