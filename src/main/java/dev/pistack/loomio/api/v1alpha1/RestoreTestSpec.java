package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A scheduled restore test: a CronJob ({@code <name>-restore-test}) that restores the newest backup into a scratch
 * PostgreSQL server of its own, on a memory-backed volume of its own, and compares every table's rows with the
 * backup's. The result is {@code status.backup.lastVerified}.
 */
public class RestoreTestSpec {
    /** Weekly, Sunday at 03:43 UTC: off the hour, between hourly backups at minute 17. */
    public static final String DEFAULT_SCHEDULE = "43 3 * * 0";

    @JsonPropertyDescription("Run the restore test on schedule. Off by default: while it runs, a second Postgres"
            + " holds a copy of the data in RAM (up to postgres.dataSize more memory on the node).")
    @Default("false")
    private boolean enabled;

    @JsonPropertyDescription("When the restore test runs: a cron expression in UTC. Default weekly, Sunday 03:43.")
    @Default(DEFAULT_SCHEDULE)
    @Size(max = 100)
    @ValidationRule(value = Validation.CRON_RULE, message = "backup.restoreTest.schedule" + Validation.CRON_MESSAGE
            + ", for example '43 3 * * 0' for Sundays at 03:43")
    private String schedule = DEFAULT_SCHEDULE;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchedule() {
        return schedule;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }
}
