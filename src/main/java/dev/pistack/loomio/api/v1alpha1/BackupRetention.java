package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which scheduled backups are kept, per target, after each successful backup: the backup agent's restic-style rules
 * ({@code --keep-last/hourly/daily/weekly/monthly}). Manual and final backups are never pruned.
 */
@ValidationRule(value = "self.keepLast + self.keepHourly + self.keepDaily + self.keepWeekly + self.keepMonthly > 0",
        message = "backup.retention must keep at least one scheduled backup: set keepLast, keepHourly, keepDaily,"
                + " keepWeekly or keepMonthly above 0")
public class BackupRetention {
    @JsonPropertyDescription("Keep the newest N scheduled backups whatever their age.")
    @Default("0")
    @Min(0)
    @Max(10000)
    private int keepLast;

    @JsonPropertyDescription("Keep the newest backup of each of the last N hours.")
    @Default("48")
    @Min(0)
    @Max(10000)
    private int keepHourly = 48;

    @JsonPropertyDescription("Keep the newest backup of each of the last N days.")
    @Default("30")
    @Min(0)
    @Max(10000)
    private int keepDaily = 30;

    @JsonPropertyDescription("Keep the newest backup of each of the last N ISO weeks.")
    @Default("0")
    @Min(0)
    @Max(10000)
    private int keepWeekly;

    @JsonPropertyDescription("Keep the newest backup of each of the last N months.")
    @Default("12")
    @Min(0)
    @Max(10000)
    private int keepMonthly = 12;

    public int getKeepLast() {
        return keepLast;
    }

    public void setKeepLast(int keepLast) {
        this.keepLast = keepLast;
    }

    public int getKeepHourly() {
        return keepHourly;
    }

    public void setKeepHourly(int keepHourly) {
        this.keepHourly = keepHourly;
    }

    public int getKeepDaily() {
        return keepDaily;
    }

    public void setKeepDaily(int keepDaily) {
        this.keepDaily = keepDaily;
    }

    public int getKeepWeekly() {
        return keepWeekly;
    }

    public void setKeepWeekly(int keepWeekly) {
        this.keepWeekly = keepWeekly;
    }

    public int getKeepMonthly() {
        return keepMonthly;
    }

    public void setKeepMonthly(int keepMonthly) {
        this.keepMonthly = keepMonthly;
    }
}
