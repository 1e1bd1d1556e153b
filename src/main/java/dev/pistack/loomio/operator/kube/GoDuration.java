package dev.pistack.loomio.operator.kube;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written as Go and Kubernetes write them ({@code 1h}, {@code 90m}, {@code 1h30m}, {@code 2.5h}): a
 * sequence of decimal numbers, each with a unit of ns, us, ms, s, m or h (Go's time.ParseDuration, without signs).
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|s|m|h)");

    private GoDuration() {
    }

    /**
     * @param text e.g. {@code 1h30m}; the CRD's schema already refused anything else
     * @return the duration, to the nanosecond
     * @throws IllegalArgumentException when the text is not such a duration
     */
    public static Duration parse(String text) {
        Matcher m = PART.matcher(text);
        int end = 0;
        double nanos = 0;
        while (m.find() && m.start() == end) {
            double unit = switch (m.group(2)) {
                case "ns" -> 1;
                case "us" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            nanos += Double.parseDouble(m.group(1)) * unit;
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 1h, 90m or 1h30m");
        }
        return Duration.ofNanos(Math.round(nanos));
    }
}
