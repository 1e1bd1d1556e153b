package dev.pistack.loomio.agent.retention;

/**
 * How many scheduled backups to keep, with restic's semantics (restic forget --keep-*): keep the newest
 * {@code keepLast}; for each of the last {@code keepHourly} hours that have backups, the newest of that hour;
 * likewise days, ISO weeks and months (UTC). A backup kept by any rule stays.
 *
 * <p>Defaults fit hourly backups and follow the seed system: 48 hourly, 30 daily, 12 monthly.
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly, int keepMonthly) {
    /** 48 hourly, 30 daily, 12 monthly. */
    public static final RetentionPolicy DEFAULT = new RetentionPolicy(0, 48, 30, 0, 12);

    public RetentionPolicy {
        if (keepLast < 0 || keepHourly < 0 || keepDaily < 0 || keepWeekly < 0 || keepMonthly < 0) {
            throw new IllegalArgumentException("retention counts cannot be negative");
        }
    }
}
