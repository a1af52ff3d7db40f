package dev.ferry.pipeline.gotime;

import static dev.ferry.pipeline.gotime.Layout.isDigit;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Go's {@code time.Parse} / {@code time.ParseInLocation} over a compiled {@link Layout}: the same
 * elements, the same leniency (a space in the layout matches any run of spaces, fractional seconds
 * after seconds are accepted even when the layout has none) and the same zone rules. No regex and
 * no allocation on success beyond what the zone lookup needs.
 */
final class LayoutParser {
    private static final String[] SHORT_MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };
    private static final String[] LONG_MONTHS = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"
    };
    private static final String[] SHORT_DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] LONG_DAYS = {
        "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"
    };
    private static final int[] DAYS_BEFORE = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};

    private final Layout layout;
    /** zone for wall-clock times without a zone in the text */
    private final ZoneRules rules;
    /** zone in which a zone abbreviation (MST) is looked up */
    private final ZoneRules abbreviationRules;

    private final ZoneId zone;
    // the zone's short names, from the locale data on first use: loading that data took ~15 ms of
    // start-up, and only a layout with a zone abbreviation (MST) needs it
    private volatile String[] abbreviations;
    private final boolean withoutYear;

    LayoutParser(String layoutText, ZoneId location, boolean withoutYear) {
        this.layout = Layout.compile(layoutText);
        this.zone = location == null ? ZoneOffset.UTC : location;
        this.rules = zone.getRules();
        this.abbreviationRules = rules;
        this.withoutYear = withoutYear;
    }

    boolean hasElements() {
        return layout.hasElements();
    }

    /** Epoch nanoseconds of {@code value}, or {@link GoTimeFormat#FAILED}. */
    long parse(String value, long nowEpochNanos) {
        int year = 0;
        int month = -1;
        int day = -1;
        int yday = -1;
        int hour = 0;
        int min = 0;
        int sec = 0;
        int nsec = 0;
        boolean pmSet = false;
        boolean amSet = false;
        boolean utc = false;
        boolean hasOffset = false;
        int zoneOffset = 0;
        int zoneStart = -1;
        int zoneEnd = -1;

        int p = 0;
        int n = value.length();
        String[] prefixes = layout.prefixes;
        int[] elements = layout.elements;
        for (int e = 0; e < elements.length; e++) {
            p = skip(value, p, prefixes[e]);
            if (p < 0) {
                return GoTimeFormat.FAILED;
            }
            int std = elements[e];
            if (std == Layout.NONE) {
                if (p != n) {
                    return GoTimeFormat.FAILED; // extra text
                }
                break;
            }
            switch (std) {
                case Layout.YEAR -> {
                    if (p + 2 > n || !isDigit(value.charAt(p)) || !isDigit(value.charAt(p + 1))) {
                        return GoTimeFormat.FAILED;
                    }
                    year = (value.charAt(p) - '0') * 10 + (value.charAt(p + 1) - '0');
                    year += year >= 69 ? 1900 : 2000;
                    p += 2;
                }
                case Layout.LONG_YEAR -> {
                    if (p + 4 > n) {
                        return GoTimeFormat.FAILED;
                    }
                    for (int k = 0; k < 4; k++) {
                        char c = value.charAt(p + k);
                        if (!isDigit(c)) {
                            return GoTimeFormat.FAILED;
                        }
                        year = year * 10 + (c - '0');
                    }
                    p += 4;
                }
                case Layout.MONTH, Layout.LONG_MONTH -> {
                    String[] names = std == Layout.MONTH ? SHORT_MONTHS : LONG_MONTHS;
                    int found = lookup(names, value, p);
                    if (found < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    month = found + 1;
                    p += names[found].length();
                }
                case Layout.NUM_MONTH, Layout.ZERO_MONTH -> {
                    long r = getnum(value, p, std == Layout.ZERO_MONTH);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    month = (int) (r >> 32);
                    p = (int) r;
                    if (month <= 0 || month > 12) {
                        return GoTimeFormat.FAILED;
                    }
                }
                case Layout.WEEKDAY, Layout.LONG_WEEKDAY -> {
                    String[] names = std == Layout.WEEKDAY ? SHORT_DAYS : LONG_DAYS;
                    int found = lookup(names, value, p);
                    if (found < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    p += names[found].length();
                }
                case Layout.DAY, Layout.UNDER_DAY, Layout.ZERO_DAY -> {
                    if (std == Layout.UNDER_DAY && p < n && value.charAt(p) == ' ') {
                        p++;
                    }
                    long r = getnum(value, p, std == Layout.ZERO_DAY);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    day = (int) (r >> 32);
                    p = (int) r;
                }
                case Layout.UNDER_YEARDAY, Layout.ZERO_YEARDAY -> {
                    for (int k = 0; k < 2; k++) {
                        if (std == Layout.UNDER_YEARDAY && p < n && value.charAt(p) == ' ') {
                            p++;
                        }
                    }
                    long r = getnum3(value, p, std == Layout.ZERO_YEARDAY);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    yday = (int) (r >> 32);
                    p = (int) r;
                }
                case Layout.HOUR -> {
                    long r = getnum(value, p, false);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    hour = (int) (r >> 32);
                    p = (int) r;
                    if (hour >= 24) {
                        return GoTimeFormat.FAILED;
                    }
                }
                case Layout.HOUR12, Layout.ZERO_HOUR12 -> {
                    long r = getnum(value, p, std == Layout.ZERO_HOUR12);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    hour = (int) (r >> 32);
                    p = (int) r;
                    if (hour > 12) {
                        return GoTimeFormat.FAILED;
                    }
                }
                case Layout.MINUTE, Layout.ZERO_MINUTE -> {
                    long r = getnum(value, p, std == Layout.ZERO_MINUTE);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    min = (int) (r >> 32);
                    p = (int) r;
                    if (min >= 60) {
                        return GoTimeFormat.FAILED;
                    }
                }
                case Layout.SECOND, Layout.ZERO_SECOND -> {
                    long r = getnum(value, p, std == Layout.ZERO_SECOND);
                    if (r < 0) {
                        return GoTimeFormat.FAILED;
                    }
                    sec = (int) (r >> 32);
                    p = (int) r;
                    if (sec >= 60) {
                        return GoTimeFormat.FAILED;
                    }
                    // Go accepts a fractional second after the seconds even when the layout has none.
                    int nextStd = elements[e + 1];
                    if (p + 1 < n
                            && isCommaOrPeriod(value.charAt(p))
                            && isDigit(value.charAt(p + 1))
                            && nextStd != Layout.FRAC_SECOND0
                            && nextStd != Layout.FRAC_SECOND9) {
                        int end = p + 1;
                        while (end < n && isDigit(value.charAt(end))) {
                            end++;
                        }
                        nsec = nanos(value, p, end);
                        p = end;
                    }
                }
                case Layout.PM, Layout.LOWER_PM -> {
                    if (p + 2 > n) {
                        return GoTimeFormat.FAILED;
                    }
                    boolean upper = std == Layout.PM;
                    if (value.startsWith(upper ? "PM" : "pm", p)) {
                        pmSet = true;
                    } else if (value.startsWith(upper ? "AM" : "am", p)) {
                        amSet = true;
                    } else {
                        return GoTimeFormat.FAILED;
                    }
                    p += 2;
                }
                case Layout.ISO8601_TZ,
                        Layout.ISO8601_SHORT_TZ,
                        Layout.ISO8601_COLON_TZ,
                        Layout.ISO8601_SECONDS_TZ,
                        Layout.ISO8601_COLON_SECONDS_TZ,
                        Layout.NUM_TZ,
                        Layout.NUM_SHORT_TZ,
                        Layout.NUM_COLON_TZ,
                        Layout.NUM_SECONDS_TZ,
                        Layout.NUM_COLON_SECONDS_TZ -> {
                    boolean iso = std <= Layout.ISO8601_COLON_SECONDS_TZ;
                    if (iso && p < n && value.charAt(p) == 'Z') {
                        p++;
                        utc = true;
                        break;
                    }
                    int width;
                    int minAt;
                    int secAt;
                    switch (std) {
                        case Layout.ISO8601_COLON_TZ, Layout.NUM_COLON_TZ -> {
                            width = 6;
                            minAt = 4;
                            secAt = -1;
                        }
                        case Layout.ISO8601_SHORT_TZ, Layout.NUM_SHORT_TZ -> {
                            width = 3;
                            minAt = -1;
                            secAt = -1;
                        }
                        case Layout.ISO8601_COLON_SECONDS_TZ, Layout.NUM_COLON_SECONDS_TZ -> {
                            width = 9;
                            minAt = 4;
                            secAt = 7;
                        }
                        case Layout.ISO8601_SECONDS_TZ, Layout.NUM_SECONDS_TZ -> {
                            width = 7;
                            minAt = 3;
                            secAt = 5;
                        }
                        default -> {
                            width = 5;
                            minAt = 3;
                            secAt = -1;
                        }
                    }
                    if (p + width > n) {
                        return GoTimeFormat.FAILED;
                    }
                    if ((width == 6 || width == 9) && value.charAt(p + 3) != ':') {
                        return GoTimeFormat.FAILED;
                    }
                    if (width == 9 && value.charAt(p + 6) != ':') {
                        return GoTimeFormat.FAILED;
                    }
                    int hh = two(value, p + 1);
                    int mm = minAt < 0 ? 0 : two(value, p + minAt);
                    int ss = secAt < 0 ? 0 : two(value, p + secAt);
                    if (hh < 0 || mm < 0 || ss < 0 || hh > 24 || mm > 60 || ss > 60) {
                        return GoTimeFormat.FAILED;
                    }
                    char sign = value.charAt(p);
                    if (sign != '+' && sign != '-') {
                        return GoTimeFormat.FAILED;
                    }
                    zoneOffset = (hh * 60 + mm) * 60 + ss;
                    if (sign == '-') {
                        zoneOffset = -zoneOffset;
                    }
                    hasOffset = true;
                    p += width;
                }
                case Layout.TZ -> {
                    if (value.startsWith("UTC", p)) {
                        utc = true;
                        p += 3;
                        break;
                    }
                    int len = zoneNameLength(value, p);
                    if (len <= 0) {
                        return GoTimeFormat.FAILED;
                    }
                    zoneStart = p;
                    zoneEnd = p + len;
                    p += len;
                }
                case Layout.FRAC_SECOND0 -> {
                    int digits = layout.fracDigits[e];
                    if (p + 1 + digits > n || !isCommaOrPeriod(value.charAt(p))) {
                        return GoTimeFormat.FAILED;
                    }
                    for (int k = p + 1; k <= p + digits; k++) {
                        if (!isDigit(value.charAt(k))) {
                            return GoTimeFormat.FAILED;
                        }
                    }
                    nsec = nanos(value, p, p + 1 + digits);
                    p += 1 + digits;
                }
                case Layout.FRAC_SECOND9 -> {
                    if (p + 1 >= n || !isCommaOrPeriod(value.charAt(p)) || !isDigit(value.charAt(p + 1))) {
                        break; // fractional second omitted
                    }
                    int end = p + 1;
                    while (end < n && isDigit(value.charAt(end))) {
                        end++;
                    }
                    nsec = nanos(value, p, end);
                    p = end;
                }
                default -> throw new AssertionError(std);
            }
        }
        if (pmSet && hour < 12) {
            hour += 12;
        } else if (amSet && hour == 12) {
            hour = 0;
        }
        if (yday >= 0) {
            int m = 0;
            int d = 0;
            int yd = yday;
            if (isLeap(year)) {
                if (yd == 31 + 29) {
                    m = 2;
                    d = 29;
                } else if (yd > 31 + 29) {
                    yd--;
                }
            }
            if (yd < 1 || yd > 365) {
                return GoTimeFormat.FAILED;
            }
            if (m == 0) {
                m = (yd - 1) / 31 + 1;
                if (DAYS_BEFORE[m] < yd) {
                    m++;
                }
                d = yd - DAYS_BEFORE[m - 1];
            }
            if ((month >= 0 && month != m) || (day >= 0 && day != d)) {
                return GoTimeFormat.FAILED;
            }
            month = m;
            day = d;
        } else {
            if (month < 0) {
                month = 1;
            }
            if (day < 0) {
                day = 1;
            }
        }
        if (day < 1 || day > daysIn(month, year)) {
            return GoTimeFormat.FAILED;
        }
        if (withoutYear) {
            // Promtail: the year closest to now, so December lines read in January are last year's.
            int[] nowYearMonth = yearMonth(nowEpochNanos);
            year = nowYearMonth[0];
            if (month == 12 && nowYearMonth[1] == 1) {
                year--;
            } else if (month == 1 && nowYearMonth[1] == 12) {
                year++;
            }
            if (month == 2 && day == 29 && !isLeap(year)) {
                month = 3; // Go's AddDate normalises Feb 29 of a common year to Mar 1
                day = 1;
            }
        }
        long wall = epochDay(year, month, day) * 86_400L + hour * 3600L + min * 60L + sec;
        long epochSecond;
        if (utc) {
            epochSecond = wall;
        } else if (hasOffset) {
            epochSecond = wall - zoneOffset;
        } else if (zoneStart >= 0) {
            epochSecond = wall - abbreviationOffset(value, zoneStart, zoneEnd, wall);
        } else {
            epochSecond = wall - wallOffset(wall);
        }
        return toNanos(epochSecond, nsec);
    }

    static long toNanos(long epochSecond, long nanos) {
        long hi = Math.multiplyHigh(epochSecond, 1_000_000_000L);
        long lo = epochSecond * 1_000_000_000L;
        if ((hi != 0 || lo < 0) && (hi != -1 || lo >= 0)) {
            return GoTimeFormat.FAILED;
        }
        long r = lo + nanos;
        if (((lo ^ r) & (nanos ^ r)) < 0 || r == GoTimeFormat.FAILED) {
            return GoTimeFormat.FAILED;
        }
        return r;
    }

    /** Go's Date: the offset in effect at the wall time, chosen the way Go chooses in gaps and overlaps. */
    private int wallOffset(long wall) {
        if (rules.isFixedOffset()) {
            return rules.getOffset(Instant.EPOCH).getTotalSeconds();
        }
        int offset = rules.getOffset(Instant.ofEpochSecond(wall)).getTotalSeconds();
        if (offset != 0) {
            int actual = rules.getOffset(Instant.ofEpochSecond(wall - offset)).getTotalSeconds();
            if (actual != offset) {
                offset = actual;
            }
        }
        return offset;
    }

    /** Go: an abbreviation known to the location gets its offset; any other counts as UTC. */
    private int abbreviationOffset(String value, int start, int end, long wall) {
        String[] names = abbreviations;
        if (names == null) {
            TimeZone tz = TimeZone.getTimeZone(zone);
            names = new String[] {
                tz.getDisplayName(false, TimeZone.SHORT, Locale.US), tz.getDisplayName(true, TimeZone.SHORT, Locale.US)
            };
            abbreviations = names; // two threads may both compute it: the same names
        }
        String standardName = names[0];
        String daylightName = names[1];
        int len = end - start;
        if (standardName.length() == len && value.startsWith(standardName, start)) {
            return abbreviationRules
                    .getStandardOffset(Instant.ofEpochSecond(wall))
                    .getTotalSeconds();
        }
        if (daylightName.length() == len && value.startsWith(daylightName, start)) {
            Instant at = Instant.ofEpochSecond(wall);
            int standard = abbreviationRules.getStandardOffset(at).getTotalSeconds();
            return abbreviationRules.isDaylightSavings(at)
                    ? abbreviationRules.getOffset(at).getTotalSeconds()
                    : standard + 3600;
        }
        // Go keeps the wall time as UTC for an abbreviation it does not know (even GMT+3): it only
        // labels the time with a made-up zone.
        return 0;
    }

    /** Go's parseTimeZone: the length of a zone abbreviation at {@code p}, 0 when there is none. */
    private static int zoneNameLength(String v, int p) {
        int n = v.length();
        if (n - p < 3) {
            return 0;
        }
        if (v.startsWith("ChST", p) || v.startsWith("MeST", p)) {
            return 4;
        }
        if (v.startsWith("GMT", p)) {
            int off = signedOffsetLength(v, p + 3);
            return 3 + off;
        }
        if (v.charAt(p) == '+' || v.charAt(p) == '-') {
            return signedOffsetLength(v, p);
        }
        int upper = 0;
        while (upper < 6 && p + upper < n && v.charAt(p + upper) >= 'A' && v.charAt(p + upper) <= 'Z') {
            upper++;
        }
        return switch (upper) {
            case 3 -> 3;
            case 4 -> v.charAt(p + 3) == 'T' || v.startsWith("WITA", p) ? 4 : 0;
            case 5 -> v.charAt(p + 4) == 'T' ? 5 : 0;
            default -> 0;
        };
    }

    /** Go's parseSignedOffset: "+h" / "-hh" with h at most 23, 0 when absent or bad. */
    private static int signedOffsetLength(String v, int p) {
        if (p >= v.length() || (v.charAt(p) != '+' && v.charAt(p) != '-')) {
            return 0;
        }
        int k = p + 1;
        long x = 0;
        while (k < v.length() && isDigit(v.charAt(k))) {
            x = x * 10 + (v.charAt(k) - '0');
            if (x > 1_000_000) {
                return 0;
            }
            k++;
        }
        if (k == p + 1 || x > 23) {
            return 0;
        }
        return k - p;
    }

    /** Go's skip: literal text must match, but a space matches any run of spaces (even none). */
    private static int skip(String value, int p, String prefix) {
        int n = value.length();
        int i = 0;
        while (i < prefix.length()) {
            char c = prefix.charAt(i);
            if (c == ' ') {
                if (p < n && value.charAt(p) != ' ') {
                    return -1;
                }
                while (i < prefix.length() && prefix.charAt(i) == ' ') {
                    i++;
                }
                while (p < n && value.charAt(p) == ' ') {
                    p++;
                }
                continue;
            }
            if (p >= n || value.charAt(p) != c) {
                return -1;
            }
            i++;
            p++;
        }
        return p;
    }

    /** Case-insensitive (ASCII) prefix match against names, as Go's lookup. */
    private static int lookup(String[] names, String value, int p) {
        for (int i = 0; i < names.length; i++) {
            if (value.regionMatches(true, p, names[i], 0, names[i].length())) {
                return i;
            }
        }
        return -1;
    }

    /** Go's getnum: one or two digits (exactly two when fixed); returns value << 32 | new position, or -1. */
    private static long getnum(String s, int p, boolean fixed) {
        int n = s.length();
        if (p >= n || !isDigit(s.charAt(p))) {
            return -1;
        }
        if (p + 1 >= n || !isDigit(s.charAt(p + 1))) {
            if (fixed) {
                return -1;
            }
            return ((long) (s.charAt(p) - '0') << 32) | (p + 1);
        }
        return ((long) ((s.charAt(p) - '0') * 10 + (s.charAt(p + 1) - '0')) << 32) | (p + 2);
    }

    /** Go's getnum3: one to three digits (exactly three when fixed). */
    private static long getnum3(String s, int p, boolean fixed) {
        int n = s.length();
        int v = 0;
        int i = 0;
        while (i < 3 && p + i < n && isDigit(s.charAt(p + i))) {
            v = v * 10 + (s.charAt(p + i) - '0');
            i++;
        }
        if (i == 0 || (fixed && i != 3)) {
            return -1;
        }
        return ((long) v << 32) | (p + i);
    }

    private static int two(String s, int p) {
        char a = s.charAt(p);
        char b = s.charAt(p + 1);
        if (!isDigit(a) || !isDigit(b)) {
            return -1;
        }
        return (a - '0') * 10 + (b - '0');
    }

    /** Nanoseconds of ".ddd" from {@code from} (the separator) to {@code to}; digits past nine are cut. */
    private static int nanos(String s, int from, int to) {
        int end = Math.min(to, from + 10);
        int v = 0;
        int digits = 0;
        for (int k = from + 1; k < end; k++) {
            v = v * 10 + (s.charAt(k) - '0');
            digits++;
        }
        for (; digits < 9; digits++) {
            v *= 10;
        }
        return v;
    }

    private static boolean isCommaOrPeriod(char c) {
        return c == '.' || c == ',';
    }

    static boolean isLeap(int year) {
        return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int daysIn(int month, int year) {
        if (month == 2) {
            return isLeap(year) ? 29 : 28;
        }
        return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long epochDay(long y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /** {year, month} of an instant in this parser's zone. */
    private int[] yearMonth(long epochNanos) {
        long second = Math.floorDiv(epochNanos, 1_000_000_000L);
        int offset = rules.isFixedOffset()
                ? rules.getOffset(Instant.EPOCH).getTotalSeconds()
                : rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
        long days = Math.floorDiv(second + offset, 86_400L);
        // inverse of epochDay
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int m = (int) (mp < 10 ? mp + 3 : mp - 9);
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return new int[] {(int) y, m};
    }
}
