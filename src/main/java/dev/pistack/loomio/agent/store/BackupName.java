package dev.pistack.loomio.agent.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backup file name. Written as {@code loomio-<kind>-YYYYMMDD-HHMMSS.sql.gz.enc} (UTC, the seed system's newer
 * pattern plus .gz); read also as the pi-stack names {@code loomio-<kind>-YYYYMMDD-HHMMSS.sql.enc} and
 * {@code loomio_backup_YYYYMMDD_HHMMSS.sql.enc} (kind {@value #LEGACY}), so a docker-compose installation migrates.
 *
 * @param fileName the name as stored
 * @param kind hourly, daily, weekly, monthly, manual, final, preupgrade, prerestore, postrestore, or legacy
 * @param time when the backup was taken, UTC, whole seconds
 */
public record BackupName(String fileName, String kind, Instant time) implements Comparable<BackupName> {
    /** Taken by the schedule; pruned by retention. */
    public static final String HOURLY = "hourly";
    /** Taken on request; never pruned automatically. */
    public static final String MANUAL = "manual";
    /** Taken before the instance stops or goes; never pruned automatically. */
    public static final String FINAL = "final";
    /** Taken before the migration of a new Loomio image; never pruned automatically. */
    public static final String PRE_UPGRADE = "preupgrade";
    /** Taken before a restore the user asked for (LoomioRestore): the way back; never pruned automatically. */
    public static final String PRE_RESTORE = "prerestore";
    /** Taken after such a restore, so the restored state is the newest backup; never pruned automatically. */
    public static final String POST_RESTORE = "postrestore";
    /** The seed system's oldest pattern; never pruned automatically. */
    public static final String LEGACY = "legacy";
    /** The kinds retention may delete. */
    public static final Set<String> PRUNABLE = Set.of(HOURLY, "daily", "weekly", "monthly");

    private static final Pattern NEW = Pattern.compile("loomio-([a-z]+)-(\\d{8}-\\d{6})\\.sql(\\.gz)?\\.enc");
    private static final Pattern OLD = Pattern.compile("loomio_backup_(\\d{8}_\\d{6})\\.sql\\.enc");
    private static final DateTimeFormatter NEW_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final DateTimeFormatter OLD_TIME = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

    /** @return the name of a new backup of this kind taken at this time */
    public static BackupName create(String kind, Instant time) {
        if (!kind.matches("[a-z]+")) {
            throw new IllegalArgumentException("a backup kind is lower-case letters, e.g. hourly or manual");
        }
        String stamp = NEW_TIME.format(LocalDateTime.ofInstant(time, ZoneOffset.UTC));
        return new BackupName("loomio-" + kind + "-" + stamp + ".sql.gz.enc", kind,
                LocalDateTime.parse(stamp, NEW_TIME).toInstant(ZoneOffset.UTC));
    }

    /** @return the parsed name, or empty when the file is not a backup (temp files, other files) */
    public static Optional<BackupName> parse(String fileName) {
        try {
            Matcher m = NEW.matcher(fileName);
            if (m.matches()) {
                return Optional.of(new BackupName(fileName, m.group(1),
                        LocalDateTime.parse(m.group(2), NEW_TIME).toInstant(ZoneOffset.UTC)));
            }
            m = OLD.matcher(fileName);
            if (m.matches()) {
                return Optional.of(new BackupName(fileName, LEGACY,
                        LocalDateTime.parse(m.group(1), OLD_TIME).toInstant(ZoneOffset.UTC)));
            }
        } catch (java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** @return true when retention may delete it */
    public boolean prunable() {
        return PRUNABLE.contains(kind);
    }

    /** Newest first; equal times by name, so the order is total. */
    @Override
    public int compareTo(BackupName other) {
        int byTime = other.time.compareTo(time);
        return byTime != 0 ? byTime : fileName.compareTo(other.fileName);
    }
}
