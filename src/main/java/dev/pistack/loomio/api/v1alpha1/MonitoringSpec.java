package dev.pistack.loomio.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Thresholds of the RAM and backup-age conditions (the seed system's Netdata alarms: 80 %/90 %, 1 h/2 h). */
@ValidationRule(value = "self.ramWarningPercent < self.ramCriticalPercent",
        message = "monitoring.ramWarningPercent must be below monitoring.ramCriticalPercent")
@ValidationRule(value = "duration(self.backupWarningAge) < duration(self.backupCriticalAge)",
        message = "monitoring.backupWarningAge must be shorter than monitoring.backupCriticalAge")
public class MonitoringSpec {
    @JsonPropertyDescription("RAM usage of a data volume, in percent of its size, above which a warning is raised.")
    @Default("80")
    @Min(1)
    @Max(100)
    private int ramWarningPercent = 80;

    @JsonPropertyDescription("RAM usage of a data volume, in percent of its size, above which it is critical.")
    @Default("90")
    @Min(1)
    @Max(100)
    private int ramCriticalPercent = 90;

    @JsonPropertyDescription("Age of the newest backup above which a warning is raised, as a duration (1h, 90m).")
    @Default("1h")
    @Size(max = 32)
    @Pattern(Validation.DURATION)
    private String backupWarningAge = "1h";

    @JsonPropertyDescription("Age of the newest backup above which it is critical, as a duration (2h).")
    @Default("2h")
    @Size(max = 32)
    @Pattern(Validation.DURATION)
    private String backupCriticalAge = "2h";

    @JsonPropertyDescription("Where a message goes when an alarm starts and when it ends (backup failed or critically"
            + " old, restore failed, restore test failed, memory critical, stalled): e-mail and/or a webhook."
            + " Absent: none is sent.")
    private NotifySpec notify;

    public NotifySpec getNotify() {
        return notify;
    }

    public void setNotify(NotifySpec notify) {
        this.notify = notify;
    }

    public int getRamWarningPercent() {
        return ramWarningPercent;
    }

    public void setRamWarningPercent(int ramWarningPercent) {
        this.ramWarningPercent = ramWarningPercent;
    }

    public int getRamCriticalPercent() {
        return ramCriticalPercent;
    }

    public void setRamCriticalPercent(int ramCriticalPercent) {
        this.ramCriticalPercent = ramCriticalPercent;
    }

    public String getBackupWarningAge() {
        return backupWarningAge;
    }

    public void setBackupWarningAge(String backupWarningAge) {
        this.backupWarningAge = backupWarningAge;
    }

    public String getBackupCriticalAge() {
        return backupCriticalAge;
    }

    public void setBackupCriticalAge(String backupCriticalAge) {
        this.backupCriticalAge = backupCriticalAge;
    }
}
