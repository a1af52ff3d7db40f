package dev.ferry.pipeline.gotime;

import java.util.ArrayList;
import java.util.List;

/**
 * A Go reference layout split into literal text and elements, as Go's {@code nextStdChunk} does
 * ({@code 2006 01 Jan January 02 _2 2 __2 002 15 03 3 04 4 05 5 PM pm MST Mon Monday -0700
 * -07:00 -07 -070000 -07:00:00 Z0700 Z07:00 Z07 Z070000 Z07:00:00 .000 .999 ,000 ,999}).
 */
final class Layout {
    static final int NONE = 0;
    static final int LONG_MONTH = 1;
    static final int MONTH = 2;
    static final int NUM_MONTH = 3;
    static final int ZERO_MONTH = 4;
    static final int LONG_WEEKDAY = 5;
    static final int WEEKDAY = 6;
    static final int DAY = 7;
    static final int UNDER_DAY = 8;
    static final int ZERO_DAY = 9;
    static final int UNDER_YEARDAY = 10;
    static final int ZERO_YEARDAY = 11;
    static final int HOUR = 12;
    static final int HOUR12 = 13;
    static final int ZERO_HOUR12 = 14;
    static final int MINUTE = 15;
    static final int ZERO_MINUTE = 16;
    static final int SECOND = 17;
    static final int ZERO_SECOND = 18;
    static final int LONG_YEAR = 19;
    static final int YEAR = 20;
    static final int PM = 21;
    static final int LOWER_PM = 22;
    static final int TZ = 23;
    static final int ISO8601_TZ = 24;
    static final int ISO8601_SECONDS_TZ = 25;
    static final int ISO8601_SHORT_TZ = 26;
    static final int ISO8601_COLON_TZ = 27;
    static final int ISO8601_COLON_SECONDS_TZ = 28;
    static final int NUM_TZ = 29;
    static final int NUM_SECONDS_TZ = 30;
    static final int NUM_SHORT_TZ = 31;
    static final int NUM_COLON_TZ = 32;
    static final int NUM_COLON_SECONDS_TZ = 33;
    static final int FRAC_SECOND0 = 34;
    static final int FRAC_SECOND9 = 35;

    private static final int[] STD0X = {ZERO_MONTH, ZERO_DAY, ZERO_HOUR12, ZERO_MINUTE, ZERO_SECOND, YEAR};

    /** literal text before element i (the last entry has element NONE: trailing text) */
    final String[] prefixes;

    final int[] elements;
    /** digits of a fractional-second element, 0 otherwise */
    final int[] fracDigits;

    private Layout(String[] prefixes, int[] elements, int[] fracDigits) {
        this.prefixes = prefixes;
        this.elements = elements;
        this.fracDigits = fracDigits;
    }

    static Layout compile(String layout) {
        List<String> prefixes = new ArrayList<>();
        List<int[]> elements = new ArrayList<>();
        String rest = layout;
        while (true) {
            int[] found = next(rest); // {start, end, element, fracDigits}
            if (found == null) {
                prefixes.add(rest);
                elements.add(new int[] {NONE, 0});
                break;
            }
            prefixes.add(rest.substring(0, found[0]));
            elements.add(new int[] {found[2], found[3]});
            rest = rest.substring(found[1]);
        }
        int n = elements.size();
        int[] el = new int[n];
        int[] frac = new int[n];
        for (int i = 0; i < n; i++) {
            el[i] = elements.get(i)[0];
            frac[i] = elements.get(i)[1];
        }
        return new Layout(prefixes.toArray(String[]::new), el, frac);
    }

    boolean hasElements() {
        return elements.length > 1;
    }

    private static int[] next(String l) {
        int n = l.length();
        for (int i = 0; i < n; i++) {
            char c = l.charAt(i);
            switch (c) {
                case 'J' -> {
                    if (l.startsWith("Jan", i)) {
                        if (l.startsWith("January", i)) {
                            return new int[] {i, i + 7, LONG_MONTH, 0};
                        }
                        if (!startsWithLowerCase(l, i + 3)) {
                            return new int[] {i, i + 3, MONTH, 0};
                        }
                    }
                }
                case 'M' -> {
                    if (l.startsWith("Mon", i)) {
                        if (l.startsWith("Monday", i)) {
                            return new int[] {i, i + 6, LONG_WEEKDAY, 0};
                        }
                        if (!startsWithLowerCase(l, i + 3)) {
                            return new int[] {i, i + 3, WEEKDAY, 0};
                        }
                    }
                    if (l.startsWith("MST", i)) {
                        return new int[] {i, i + 3, TZ, 0};
                    }
                }
                case '0' -> {
                    if (i + 1 < n && l.charAt(i + 1) >= '1' && l.charAt(i + 1) <= '6') {
                        return new int[] {i, i + 2, STD0X[l.charAt(i + 1) - '1'], 0};
                    }
                    if (l.startsWith("002", i)) {
                        return new int[] {i, i + 3, ZERO_YEARDAY, 0};
                    }
                }
                case '1' -> {
                    if (i + 1 < n && l.charAt(i + 1) == '5') {
                        return new int[] {i, i + 2, HOUR, 0};
                    }
                    return new int[] {i, i + 1, NUM_MONTH, 0};
                }
                case '2' -> {
                    if (l.startsWith("2006", i)) {
                        return new int[] {i, i + 4, LONG_YEAR, 0};
                    }
                    return new int[] {i, i + 1, DAY, 0};
                }
                case '_' -> {
                    if (i + 1 < n && l.charAt(i + 1) == '2') {
                        if (l.startsWith("2006", i + 1)) {
                            return new int[] {i + 1, i + 5, LONG_YEAR, 0};
                        }
                        return new int[] {i, i + 2, UNDER_DAY, 0};
                    }
                    if (l.startsWith("__2", i)) {
                        return new int[] {i, i + 3, UNDER_YEARDAY, 0};
                    }
                }
                case '3' -> {
                    return new int[] {i, i + 1, HOUR12, 0};
                }
                case '4' -> {
                    return new int[] {i, i + 1, MINUTE, 0};
                }
                case '5' -> {
                    return new int[] {i, i + 1, SECOND, 0};
                }
                case 'P' -> {
                    if (i + 1 < n && l.charAt(i + 1) == 'M') {
                        return new int[] {i, i + 2, PM, 0};
                    }
                }
                case 'p' -> {
                    if (i + 1 < n && l.charAt(i + 1) == 'm') {
                        return new int[] {i, i + 2, LOWER_PM, 0};
                    }
                }
                case '-' -> {
                    if (l.startsWith("-070000", i)) {
                        return new int[] {i, i + 7, NUM_SECONDS_TZ, 0};
                    }
                    if (l.startsWith("-07:00:00", i)) {
                        return new int[] {i, i + 9, NUM_COLON_SECONDS_TZ, 0};
                    }
                    if (l.startsWith("-0700", i)) {
                        return new int[] {i, i + 5, NUM_TZ, 0};
                    }
                    if (l.startsWith("-07:00", i)) {
                        return new int[] {i, i + 6, NUM_COLON_TZ, 0};
                    }
                    if (l.startsWith("-07", i)) {
                        return new int[] {i, i + 3, NUM_SHORT_TZ, 0};
                    }
                }
                case 'Z' -> {
                    if (l.startsWith("Z070000", i)) {
                        return new int[] {i, i + 7, ISO8601_SECONDS_TZ, 0};
                    }
                    if (l.startsWith("Z07:00:00", i)) {
                        return new int[] {i, i + 9, ISO8601_COLON_SECONDS_TZ, 0};
                    }
                    if (l.startsWith("Z0700", i)) {
                        return new int[] {i, i + 5, ISO8601_TZ, 0};
                    }
                    if (l.startsWith("Z07:00", i)) {
                        return new int[] {i, i + 6, ISO8601_COLON_TZ, 0};
                    }
                    if (l.startsWith("Z07", i)) {
                        return new int[] {i, i + 3, ISO8601_SHORT_TZ, 0};
                    }
                }
                case '.', ',' -> {
                    if (i + 1 < n && (l.charAt(i + 1) == '0' || l.charAt(i + 1) == '9')) {
                        char ch = l.charAt(i + 1);
                        int j = i + 1;
                        while (j < n && l.charAt(j) == ch) {
                            j++;
                        }
                        if (!(j < n && isDigit(l.charAt(j)))) {
                            return new int[] {i, j, ch == '0' ? FRAC_SECOND0 : FRAC_SECOND9, j - (i + 1)};
                        }
                    }
                }
                default -> {}
            }
        }
        return null;
    }

    private static boolean startsWithLowerCase(String s, int at) {
        if (at >= s.length()) {
            return false;
        }
        char c = s.charAt(at);
        return c >= 'a' && c <= 'z';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
