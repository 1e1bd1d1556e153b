package dev.pistack.loomio.agent.retention;

import dev.pistack.loomio.agent.store.BackupName;
import dev.pistack.loomio.agent.store.StoredBackup;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Decides which backups retention deletes: a pure function of the backups' names and the policy.
 *
 * <p>Only scheduled kinds ({@link BackupName#PRUNABLE}) are ever deleted; manual, final and legacy backups are
 * kept whatever the policy. The newest authentic backup, passed in by the caller, is never deleted either.
 */
public final class Retention {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    /**
     * The outcome.
     *
     * @param keep each kept backup with the rules that keep it (e.g. "hourly", "daily", "manual")
     * @param delete the backups to delete, newest first
     */
    public record Plan(Map<BackupName, List<String>> keep, List<BackupName> delete) {
    }

    private Retention() {
    }

    /**
     * @param backups the backups of one target, in any order
     * @param newestAuthentic the backup that must survive (the one just written, or the newest verified); may be null
     */
    public static Plan plan(List<BackupName> backups, RetentionPolicy policy, BackupName newestAuthentic) {
        List<BackupName> sorted = new ArrayList<>(backups);
        sorted.sort(null);
        Map<BackupName, List<String>> keep = new LinkedHashMap<>();
        List<BackupName> scheduled = new ArrayList<>();
        for (BackupName b : sorted) {
            if (b.prunable()) {
                scheduled.add(b);
            } else {
                keep.computeIfAbsent(b, k -> new ArrayList<>()).add(b.kind());
            }
        }
        for (int i = 0; i < Math.min(policy.keepLast(), scheduled.size()); i++) {
            keep.computeIfAbsent(scheduled.get(i), k -> new ArrayList<>()).add("last");
        }
        bucket(scheduled, policy.keepHourly(), "hourly", t -> HOUR.format(t), keep);
        bucket(scheduled, policy.keepDaily(), "daily", t -> DAY.format(t), keep);
        bucket(scheduled, policy.keepWeekly(), "weekly",
                t -> t.get(IsoFields.WEEK_BASED_YEAR) + "-W" + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), keep);
        bucket(scheduled, policy.keepMonthly(), "monthly", t -> MONTH.format(t), keep);
        if (newestAuthentic != null && sorted.contains(newestAuthentic)) {
            keep.computeIfAbsent(newestAuthentic, k -> new ArrayList<>()).add("newest authentic");
        }
        List<BackupName> delete = sorted.stream().filter(b -> !keep.containsKey(b)).toList();
        return new Plan(keep, delete);
    }

    /**
     * The same decision over stored backups.
     *
     * @return the backups of {@code stored} that the plan deletes, newest first
     */
    public static List<StoredBackup> toDelete(List<StoredBackup> stored, RetentionPolicy policy,
            BackupName newestAuthentic) {
        Plan plan = plan(stored.stream().map(StoredBackup::name).toList(), policy, newestAuthentic);
        return stored.stream().filter(b -> plan.delete().contains(b.name())).toList();
    }

    /** Keeps the newest backup of each of the last {@code count} periods that have backups. */
    private static void bucket(List<BackupName> newestFirst, int count, String rule,
            Function<ZonedDateTime, String> period, Map<BackupName, List<String>> keep) {
        String last = null;
        int kept = 0;
        for (BackupName b : newestFirst) {
            if (kept >= count) {
                return;
            }
            String p = period.apply(b.time().atZone(ZoneOffset.UTC));
            if (!Objects.equals(p, last)) {
                keep.computeIfAbsent(b, k -> new ArrayList<>()).add(rule);
                last = p;
                kept++;
            }
        }
    }
}
