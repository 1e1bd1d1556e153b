package dev.pistack.loomio.api.v1alpha1;

/**
 * Patterns and CEL rules shared by the API types. CEL functions (isQuantity, quantity, duration) are those of the
 * Kubernetes CEL libraries (Kubernetes 1.28+ for quantities, so k3s 1.28 or newer).
 */
final class Validation {
    /** RFC 1123 DNS subdomain, as Kubernetes validates host names (lower case, dot-separated labels). */
    static final String DNS_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /** {@link #DNS_NAME} without backslashes, for CEL strings, which would read them as escapes. */
    static final String DNS_NAME_CEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?([.][a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    /**
     * Longest instance name: its longest child is the CronJob {@code <name>-restore-test} (13 more characters), and
     * the API server allows CronJob names of at most 52 (the Jobs it creates add an 11-character suffix to stay
     * within 63). The StatefulSets (52) and the migration Job ({@code <name>-db-migrate-<10 hex>}, 63) fit as well.
     */
    static final int INSTANCE_NAME_MAX = 39;
    /** A DNS-1035 label (Service names) of at most {@link #INSTANCE_NAME_MAX} characters. */
    static final String INSTANCE_NAME = "^[a-z]([-a-z0-9]{0,37}[a-z0-9])?$";
    /** Each dot-separated label of a DNS name has 1 to 63 characters (RFC 1035); [.] because CEL strings have no \. */
    static final String DNS_LABELS_AT_MOST_63 = "^[^.]{1,63}([.][^.]{1,63})*$";
    /** A plain e-mail address; Loomio only needs something mail servers accept. */
    static final String EMAIL = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$";
    /** A Go duration as Kubernetes writes them (1h, 90m, 1h30m). */
    static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
    /**
     * A CEL string literal: the regular expression of an image reference's tag (a colon and digits after the last
     * slash, a digest allowed after it), so {@code find(IMAGE_TAG).find('[0-9]+')} is the tag's leading number, the
     * PostgreSQL major of {@code postgres:15}, {@code postgres:16-alpine} or {@code registry:5000/postgres:17@sha256:…},
     * and '' for an image without a tag.
     */
    static final String IMAGE_TAG = "':[0-9]+[^:/@]*(@.*)?$'";
    /**
     * CEL over an object with an {@code image} field, for {@code self} and {@code oldSelf}: the numbers of a Loomio
     * release tag ({@code 3.5}, {@code v2.17.1}, a digest allowed after it) as a string "3.5" / "2.17.1", '' for
     * another tag (stable, latest) or none.
     */
    private static final String RELEASE = ".image.find(':v?[0-9]+[.][0-9]+([.][0-9]+)?(@.*)?$')"
            + ".find('[0-9]+([.][0-9]+)*')";
    private static final String SELF_RELEASE = "self" + RELEASE;
    private static final String OLD_RELEASE = "oldSelf" + RELEASE;
    /** Both the old and the new image name a release, so the stepping-stone rules apply. */
    static final String RELEASES_NAMED = SELF_RELEASE + " != '' && " + OLD_RELEASE + " != ''";
    /** The old release as major * 1000000 + minor * 1000 + patch (a series tag counts as its .0). */
    static final String OLD_VERSION = "int(" + OLD_RELEASE + ".split('.')[0]) * 1000000 + int(" + OLD_RELEASE
            + ".split('.')[1]) * 1000 + (size(" + OLD_RELEASE + ".split('.')) > 2 ? int(" + OLD_RELEASE
            + ".split('.')[2]) : 0)";
    /** The new release's series as major * 1000 + minor. */
    static final String NEW_SERIES = "int(" + SELF_RELEASE + ".split('.')[0]) * 1000 + int(" + SELF_RELEASE
            + ".split('.')[1])";
    /*
     * Quantities within bounds; && short-circuits so quantity() never sees an invalid string. The bounds catch a
     * wrong unit, too: 512 is bytes and 512m thousandths of a byte (under 16Mi), a CPU of 500Mi is 524288000 cores.
     */
    /** RAM: a container's memory, a RAM-backed data volume (16Mi to 64Gi; a Pi has 1 to 16 GiB). */
    static final String MEMORY_QUANTITY = "isQuantity(self) && quantity(self).compareTo(quantity('16Mi')) >= 0"
            + " && quantity(self).compareTo(quantity('64Gi')) <= 0";
    static final String MEMORY_MESSAGE = "must be a Kubernetes quantity from 16Mi to 64Gi, for example 512Mi or 2Gi"
            + " (a bare number counts bytes, a trailing m thousandths of a byte)";
    /** A PVC's size (64Mi to 16Ti). */
    static final String STORAGE_QUANTITY = "isQuantity(self) && quantity(self).compareTo(quantity('64Mi')) >= 0"
            + " && quantity(self).compareTo(quantity('16Ti')) <= 0";
    static final String STORAGE_MESSAGE = "must be a Kubernetes quantity from 64Mi to 16Ti, for example 4Gi"
            + " (a bare number counts bytes)";
    /** CPU (10m to 64 cores). */
    static final String CPU_QUANTITY = "isQuantity(self) && quantity(self).compareTo(quantity('10m')) >= 0"
            + " && quantity(self).compareTo(quantity('64')) <= 0";
    static final String CPU_MESSAGE = "must be a Kubernetes CPU quantity from 10m to 64, for example 250m or 1";
    /** The storage class of a volume that holds data may not be added, removed or changed. */
    static final String SAME_STORAGE_CLASS = "has(self.storageClassName) == has(oldSelf.storageClassName)"
            + " && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)";

    /** A PVC's size may grow, never shrink (Kubernetes refuses a smaller storage request). */
    static final String SIZE_ONLY_GROWS = "!isQuantity(self.size) || !isQuantity(oldSelf.size)"
            + " || quantity(self.size).compareTo(quantity(oldSelf.size)) >= 0";

    /**
     * An image reference as the OCI distribution grammar defines it (distribution/reference, reference.go): an
     * optional registry host with port, lower-case path components, an optional tag, an optional digest. Written
     * without backslashes, which CEL strings would read as escapes.
     */
    static final String IMAGE_REFERENCE = "^((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)"
            + "(?:[.](?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?/)?"
            + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
            + "(?::[0-9A-Za-z_][0-9A-Za-z_.-]{0,127})?"
            + "(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$";
    static final String IMAGE_RULE = "self.matches('" + IMAGE_REFERENCE + "')";
    static final String IMAGE_MESSAGE = " must be an image reference such as loomio/loomio:3.5,"
            + " registry.example.org:5000/team/postgres:17 or name@sha256:<64 hex digits>";
    private static final String CRON_STEP = "(/[1-9][0-9]?)?";
    private static final String MINUTE = "([1-5]?[0-9])";
    private static final String HOUR = "([01]?[0-9]|2[0-3])";
    private static final String DAY = "(0?[1-9]|[12][0-9]|3[01])";
    private static final String MONTH = "(0?[1-9]|1[0-2]|(?i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC))";
    private static final String WEEKDAY = "([0-7]|(?i:SUN|MON|TUE|WED|THU|FRI|SAT))";
    private static final String MINUTE_ITEM = "([*]|" + MINUTE + "(-" + MINUTE + ")?)" + CRON_STEP;
    private static final String HOUR_ITEM = "([*]|" + HOUR + "(-" + HOUR + ")?)" + CRON_STEP;
    private static final String DAY_ITEM = "([*?]|" + DAY + "(-" + DAY + ")?)" + CRON_STEP;
    private static final String MONTH_ITEM = "([*]|" + MONTH + "(-" + MONTH + ")?)" + CRON_STEP;
    private static final String WEEKDAY_ITEM = "([*?]|" + WEEKDAY + "(-" + WEEKDAY + ")?)" + CRON_STEP;
    /**
     * Five cron fields as a CronJob's schedule takes them (robfig/cron's standard parser, which Kubernetes uses), each
     * a list of values, ranges and steps within its field's range: minute 0-59, hour 0-23, day of month 1-31 or ?,
     * month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT or ?. Macros (@hourly) and time zones are not accepted: the
     * schedule is UTC, as the field says. Written without backslashes, which CEL strings would read as escapes.
     */
    static final String CRON = "^" + MINUTE_ITEM + "(," + MINUTE_ITEM + ")* +" + HOUR_ITEM + "(," + HOUR_ITEM + ")* +"
            + DAY_ITEM + "(," + DAY_ITEM + ")* +" + MONTH_ITEM + "(," + MONTH_ITEM + ")* +" + WEEKDAY_ITEM + "(,"
            + WEEKDAY_ITEM + ")*$";
    static final String CRON_RULE = "self.matches('" + CRON + "')";
    static final String CRON_MESSAGE = " must be five cron fields in range (minute 0-59, hour 0-23, day of month 1-31,"
            + " month 1-12 or JAN-DEC, day of week 0-7 or SUN-SAT; lists, ranges and /steps allowed, UTC)";

    /** What the operator sets from the instance's own Postgres, Redis and credentials Secret (LoomioEnv). */
    static final String OPERATOR_OWNED_ENV = "['DATABASE_URL', 'POSTGRES_PASSWORD', 'LOOMIO_DATABASE_PASSWORD',"
            + " 'REDIS_CACHE_URL', 'REDIS_PASSWORD', 'DEVISE_SECRET', 'SECRET_COOKIE_TOKEN', 'VAPID_PUBLIC_KEY',"
            + " 'VAPID_PRIVATE_KEY']";

    private Validation() {
    }
}
