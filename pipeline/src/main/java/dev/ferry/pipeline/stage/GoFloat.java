package dev.ferry.pipeline.stage;

/**
 * Extracted text as a number the way Alloy's {@code metrics} stage reads it: Go's {@code
 * strconv.ParseFloat} ({@code 12}, {@code -0.5}, {@code 1e3}, {@code 0x1p-2}, {@code inf}), else a Go
 * duration in seconds ({@code 250ms} → 0.25, {@code 1h30m} → 5400). Returns a primitive, and {@code
 * NaN} for anything else, without throwing or allocating for the plain integers most lines carry.
 */
final class GoFloat {
    private GoFloat() {}

    /** The number {@code s} holds, or NaN (also for the text "NaN", which no metric should take). */
    static double parse(String s) {
        int n = s.length();
        if (n == 0) {
            return Double.NaN;
        }
        int i = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
        boolean negative = s.charAt(0) == '-';
        if (n - i <= 18 && n > i) {
            long v = 0;
            int j = i;
            while (j < n && s.charAt(j) >= '0' && s.charAt(j) <= '9') {
                v = v * 10 + (s.charAt(j) - '0');
                j++;
            }
            if (j == n) {
                return negative ? -(double) v : (double) v;
            }
        }
        if (isDecimal(s, i) || isHex(s, i)) {
            double d = Double.parseDouble(s);
            return Double.isInfinite(d) ? Double.NaN : d; // Go reports a range error
        }
        if (s.regionMatches(true, i, "inf", 0, 3)
                && (n - i == 3 || s.regionMatches(true, i, "infinity", 0, 8) && n - i == 8)) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        return durationSeconds(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** digits [. digits] [e [sign] digits], with at least one mantissa digit. */
    private static boolean isDecimal(String s, int i) {
        int n = s.length();
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == exp) {
                return false;
            }
        }
        return i == n;
    }

    /** 0x hexdigits [. hexdigits] p [sign] digits (Go and Java both require the exponent). */
    private static boolean isHex(String s, int i) {
        int n = s.length();
        if (i + 2 >= n || s.charAt(i) != '0' || (s.charAt(i + 1) != 'x' && s.charAt(i + 1) != 'X')) {
            return false;
        }
        i += 2;
        int digits = 0;
        while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                i++;
                digits++;
            }
        }
        if (digits == 0 || i >= n || (s.charAt(i) != 'p' && s.charAt(i) != 'P')) {
            return false;
        }
        i++;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int exp = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        return i > exp && i == n;
    }

    /** Go's {@code time.ParseDuration(s).Seconds()}, or NaN. */
    static double durationSeconds(String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        if (n - i == 1 && s.charAt(i) == '0') {
            return 0;
        }
        if (i == n) {
            return Double.NaN;
        }
        long total = 0;
        while (i < n) {
            long whole = 0;
            int start = i;
            while (i < n && isDigit(s.charAt(i))) {
                if (whole > (Long.MAX_VALUE - 9) / 10) {
                    return Double.NaN;
                }
                whole = whole * 10 + (s.charAt(i) - '0');
                i++;
            }
            boolean hasWhole = i > start;
            long fraction = 0;
            double scale = 1;
            boolean hasFraction = false;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int fracStart = i;
                while (i < n && isDigit(s.charAt(i))) {
                    if (fraction <= (Long.MAX_VALUE - 9) / 10) { // further digits are below a nanosecond
                        fraction = fraction * 10 + (s.charAt(i) - '0');
                        scale *= 10;
                    }
                    i++;
                }
                hasFraction = i > fracStart;
            }
            if (!hasWhole && !hasFraction) {
                return Double.NaN;
            }
            int unitStart = i;
            while (i < n && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
                i++;
            }
            long unit = unitNanos(s, unitStart, i);
            if (unit == 0 || whole > Long.MAX_VALUE / unit) {
                return Double.NaN;
            }
            long v = whole * unit + (long) (fraction * ((double) unit / scale));
            if (v < 0 || total > Long.MAX_VALUE - v) {
                return Double.NaN;
            }
            total += v;
        }
        long seconds = total / 1_000_000_000L;
        long nanos = total % 1_000_000_000L;
        double d = seconds + nanos / 1e9;
        return negative ? -d : d;
    }

    private static long unitNanos(String s, int from, int to) {
        int len = to - from;
        if (len == 1) {
            return switch (s.charAt(from)) {
                case 's' -> 1_000_000_000L;
                case 'm' -> 60_000_000_000L;
                case 'h' -> 3_600_000_000_000L;
                default -> 0;
            };
        }
        if (len == 2 && s.charAt(from + 1) == 's') {
            return switch (s.charAt(from)) {
                case 'n' -> 1L;
                case 'u', '\u00b5', '\u03bc' -> 1_000L;
                case 'm' -> 1_000_000L;
                default -> 0;
            };
        }
        return 0;
    }
}
