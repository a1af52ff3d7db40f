package dev.ferry.pipeline.gotime;

import java.time.ZoneId;
import java.util.Map;

/**
 * A timestamp format as Alloy's and Promtail's timestamp stage understands it, compiled once: a Go
 * reference layout ({@code 2006-01-02T15:04:05.000Z07:00}, {@code Jan 02, 2006 15:04:05.000}) or
 * one of the names RFC3339, RFC3339Nano, RFC1123, RFC1123Z, RFC822, RFC822Z, RFC850, ANSIC,
 * UnixDate, RubyDate, Unix (seconds, with an optional fraction), UnixMs, UnixUs, UnixNs, and — a
 * Ferry addition, Promtail reads these names literally — Kitchen, Stamp, StampMilli, StampMicro,
 * StampNano.
 *
 * <p>As in Promtail: a layout without a zone is read in {@code location} (UTC without one); the
 * named Go layouts ignore {@code location}; a layout without a year ("06" or "2006") takes the year
 * of "now" (last year for a December time read in January, next year for a January time read in
 * December). A zone abbreviation (MST) is looked up in {@code location} (Promtail: the machine's
 * zone); an unknown one counts as UTC, as in Go.
 */
public final class GoTimeFormat {
    /** What {@link #parse} returns for text that does not match. */
    public static final long FAILED = Long.MIN_VALUE;

    private static final Map<String, String> GO_NAMES = Map.of(
            "ANSIC", "Mon Jan _2 15:04:05 2006",
            "UnixDate", "Mon Jan _2 15:04:05 MST 2006",
            "RubyDate", "Mon Jan 02 15:04:05 -0700 2006",
            "RFC822", "02 Jan 06 15:04 MST",
            "RFC822Z", "02 Jan 06 15:04 -0700",
            "RFC850", "Monday, 02-Jan-06 15:04:05 MST",
            "RFC1123", "Mon, 02 Jan 2006 15:04:05 MST",
            "RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700",
            "RFC3339", "2006-01-02T15:04:05Z07:00",
            "RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00");

    private static final Map<String, String> FERRY_NAMES = Map.of(
            "Kitchen", "3:04PM",
            "Stamp", "Jan _2 15:04:05",
            "StampMilli", "Jan _2 15:04:05.000",
            "StampMicro", "Jan _2 15:04:05.000000",
            "StampNano", "Jan _2 15:04:05.000000000");

    private enum Unix {
        NONE,
        SECONDS,
        MILLIS,
        MICROS,
        NANOS
    }

    private final String format;
    private final Unix unix;
    private final LayoutParser parser;
    private final boolean withoutYear;

    private GoTimeFormat(String format, Unix unix, LayoutParser parser, boolean withoutYear) {
        this.format = format;
        this.unix = unix;
        this.parser = parser;
        this.withoutYear = withoutYear;
    }

    /**
     * Compiles {@code format}; {@code location} may be null. Throws IllegalArgumentException for a
     * layout with no Go reference element at all (e.g. Java's {@code yyyy-MM-dd}), which could never
     * parse anything but itself.
     */
    public static GoTimeFormat compile(String format, ZoneId location) {
        if (format == null || format.isEmpty()) {
            throw new IllegalArgumentException("format is empty");
        }
        switch (format) {
            case "Unix" -> {
                return new GoTimeFormat(format, Unix.SECONDS, null, false);
            }
            case "UnixMs" -> {
                return new GoTimeFormat(format, Unix.MILLIS, null, false);
            }
            case "UnixUs" -> {
                return new GoTimeFormat(format, Unix.MICROS, null, false);
            }
            case "UnixNs" -> {
                return new GoTimeFormat(format, Unix.NANOS, null, false);
            }
            default -> {}
        }
        String named = GO_NAMES.get(format);
        if (named != null) {
            return new GoTimeFormat(format, Unix.NONE, new LayoutParser(named, null, false), false);
        }
        String layout = FERRY_NAMES.getOrDefault(format, format);
        boolean withoutYear = !layout.contains("06");
        LayoutParser parser = new LayoutParser(layout, location, withoutYear);
        if (!parser.hasElements()) {
            throw new IllegalArgumentException("format '" + format
                    + "' has no Go reference-time element (2006, 01, Jan, 02, 15, 04, 05, .000, Z07:00, MST …):"
                    + " write it as Go does, e.g. 2006-01-02T15:04:05.000Z07:00, or use a name like RFC3339");
        }
        return new GoTimeFormat(format, Unix.NONE, parser, withoutYear);
    }

    public String format() {
        return format;
    }

    /** True when the format has no year and the year comes from "now". */
    public boolean withoutYear() {
        return withoutYear;
    }

    /** False when {@link #parse} ignores its {@code nowEpochNanos} (the Unix formats), so callers can skip reading the clock. */
    public boolean readsNow() {
        return unix == Unix.NONE;
    }

    /**
     * Epoch nanoseconds of {@code value}, or {@link #FAILED} when it does not match (or lies outside
     * 1677..2262, which Loki's nanosecond timestamps cannot hold). {@code nowEpochNanos} is used only
     * by formats without a year.
     */
    public long parse(String value, long nowEpochNanos) {
        return switch (unix) {
            case NONE -> parser.parse(value, nowEpochNanos);
            case SECONDS -> unixSeconds(value);
            case MILLIS -> scaled(value, 1_000_000L);
            case MICROS -> scaled(value, 1_000L);
            case NANOS -> scaled(value, 1L);
        };
    }

    private static long scaled(String value, long factor) {
        long v = parseInt(value, 0, value.length());
        if (v == FAILED) {
            return FAILED;
        }
        return v * factor; // wraps on overflow, as Promtail's int64 multiplication does
    }

    /** Promtail's Unix: "s" or "s.frac" (one dot), the fraction scaled to nanoseconds. */
    private static long unixSeconds(String value) {
        int dot = value.indexOf('.');
        if (dot < 0 || value.indexOf('.', dot + 1) >= 0) {
            long s = parseInt(value, 0, value.length());
            return s == FAILED ? FAILED : LayoutParser.toNanos(s, 0);
        }
        long sec = parseInt(value, 0, dot);
        long frac = parseInt(value, dot + 1, value.length());
        if (sec == FAILED || frac == FAILED) {
            return FAILED;
        }
        int fracLen = value.length() - dot - 1;
        long nsec = (long) (frac * Math.pow(10, 9 - fracLen));
        long base = LayoutParser.toNanos(sec, 0);
        if (base == FAILED) {
            return FAILED;
        }
        long r = base + nsec;
        return ((base ^ r) & (nsec ^ r)) < 0 ? FAILED : r;
    }

    /** Go's strconv.ParseInt(s, 10, 64): optional sign, ASCII digits, in range; FAILED otherwise. */
    private static long parseInt(String s, int from, int to) {
        if (from >= to) {
            return FAILED;
        }
        boolean negative = false;
        char first = s.charAt(from);
        if (first == '+' || first == '-') {
            negative = first == '-';
            from++;
            if (from >= to) {
                return FAILED;
            }
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return FAILED;
            }
            int d = c - '0';
            if (v < Long.MIN_VALUE / 10) {
                return FAILED;
            }
            v *= 10;
            if (v < Long.MIN_VALUE + d) {
                return FAILED;
            }
            v -= d; // accumulate negatively to reach Long.MIN_VALUE
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                return FAILED;
            }
            return -v;
        }
        return v == Long.MIN_VALUE ? FAILED : v; // MIN_VALUE is the FAILED marker; out of Loki's range anyway
    }

    @Override
    public String toString() {
        return format;
    }
}
