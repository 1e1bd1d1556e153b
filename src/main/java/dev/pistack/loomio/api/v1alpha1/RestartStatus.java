package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The last planned restart, asked for with the annotation {@code loomio.pistack.dev/restart-requested-at}.
 *
 * @param requestedAt the annotation's value this restart answers (any string; a time by convention)
 * @param backup the LoomioBackup taken before Postgres stopped, {@code <instance>-restart-<hash of requestedAt>};
 *     null when it restarted without one
 * @param completedAt when Postgres and Redis were started again (RFC 3339); null while the restart runs
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestartStatus(
        @JsonPropertyDescription("The value of annotation loomio.pistack.dev/restart-requested-at this restart"
                + " answers.") String requestedAt,
        @JsonPropertyDescription("The LoomioBackup taken before Postgres stopped; absent when it restarted without"
                + " one.") String backup,
        @JsonPropertyDescription("When Postgres and Redis were started again (RFC 3339); absent while the restart"
                + " runs.") String completedAt) {
}
