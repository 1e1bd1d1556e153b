package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * How full one memory budget is.
 *
 * @param usedBytes bytes in use
 * @param limitBytes the budget, bytes
 * @param percent {@code usedBytes * 100 / limitBytes}, rounded down (0 when the limit is 0)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MemoryUsage(
        @JsonPropertyDescription("Bytes in use.") Long usedBytes,
        @JsonPropertyDescription("The budget, bytes.") Long limitBytes,
        @JsonPropertyDescription("usedBytes in percent of limitBytes, rounded down.") Integer percent) {

    /**
     * @param usedBytes bytes in use, at least 0
     * @param limitBytes the budget, bytes, at least 0
     * @return the usage with its percent computed
     */
    public static MemoryUsage of(long usedBytes, long limitBytes) {
        return new MemoryUsage(usedBytes, limitBytes, limitBytes <= 0 ? 0 : (int) (usedBytes * 100 / limitBytes));
    }
}
