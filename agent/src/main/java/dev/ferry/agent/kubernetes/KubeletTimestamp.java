package dev.ferry.agent.kubernetes;

import java.nio.charset.StandardCharsets;

/**
 * The kubelet's RFC 3339 timestamps ({@code 2026-01-27T12:39:48.421337000Z}, or with an offset),
 * read straight from bytes without allocating, and written back for positions and {@code sinceTime}.
 */
final class KubeletTimestamp {
    /** Returned by {@link #parse} for text that is not a timestamp. */
    static final long INVALID = Long.MIN_VALUE;

    private KubeletTimestamp() {}

    /** Nanoseconds since the epoch for the timestamp in {@code b[from, to)}, or {@link #INVALID}. */
    static long parse(byte[] b, int from, int to) {
        if (to - from < 20
                || b[from + 4] != '-'
                || b[from + 7] != '-'
                || (b[from + 10] != 'T' && b[from + 10] != 't')
                || b[from + 13] != ':'
                || b[from + 16] != ':') {
            return INVALID;
        }
        int year = digits(b, from, 4);
        int month = digits(b, from + 5, 2);
        int day = digits(b, from + 8, 2);
        int hour = digits(b, from + 11, 2);
        int minute = digits(b, from + 14, 2);
        int second = digits(b, from + 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 60) {
            return INVALID;
        }
        int i = from + 19;
        long nanos = 0;
        if (b[i] == '.') {
            i++;
            int start = i;
            long scale = 100_000_000L;
            while (i < to && b[i] >= '0' && b[i] <= '9') {
                nanos += (b[i] - '0') * scale;
                scale /= 10;
                i++;
            }
            if (i == start || i >= to) {
                return INVALID;
            }
        }
        long offsetSeconds;
        if (b[i] == 'Z' || b[i] == 'z') {
            offsetSeconds = 0;
            i++;
        } else if ((b[i] == '+' || b[i] == '-') && i + 6 <= to && b[i + 3] == ':') {
            int oh = digits(b, i + 1, 2);
            int om = digits(b, i + 4, 2);
            if (oh < 0 || om < 0) {
                return INVALID;
            }
            offsetSeconds = (oh * 3600L + om * 60L) * (b[i] == '-' ? -1 : 1);
            i += 6;
        } else {
            return INVALID;
        }
        if (i != to) {
            return INVALID;
        }
        long epochSeconds =
                daysFromCivil(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return epochSeconds * 1_000_000_000L + nanos;
    }

    static long parse(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return parse(b, 0, b.length);
    }

    /** RFC 3339 in UTC with all nine fraction digits, as the kubelet writes it. */
    static String format(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        StringBuilder sb = new StringBuilder(30);
        appendSeconds(sb, seconds);
        sb.append('.');
        String n = Long.toString(nanos);
        sb.append("000000000", 0, 9 - n.length()).append(n).append('Z');
        return sb.toString();
    }

    /** RFC 3339 in UTC, whole seconds rounded down: what the API's {@code sinceTime} accepts. */
    static String formatSeconds(long epochNanos) {
        StringBuilder sb = new StringBuilder(20);
        appendSeconds(sb, Math.floorDiv(epochNanos, 1_000_000_000L));
        return sb.append('Z').toString();
    }

    private static void appendSeconds(StringBuilder sb, long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86_400L);
        long secOfDay = Math.floorMod(epochSeconds, 86_400L);
        // civil-from-days (Howard Hinnant's algorithm)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long y = yoe + era * 400;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        if (m <= 2) {
            y++;
        }
        pad(sb, y, 4).append('-');
        pad(sb, m, 2).append('-');
        pad(sb, d, 2).append('T');
        pad(sb, secOfDay / 3600, 2).append(':');
        pad(sb, secOfDay / 60 % 60, 2).append(':');
        pad(sb, secOfDay % 60, 2);
    }

    private static StringBuilder pad(StringBuilder sb, long v, int width) {
        String s = Long.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }

    private static long daysFromCivil(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long mp = month > 2 ? month - 3 : month + 9;
        long doy = (153 * mp + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    private static int digits(byte[] b, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
