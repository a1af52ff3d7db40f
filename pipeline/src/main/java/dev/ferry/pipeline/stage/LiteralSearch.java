package dev.ferry.pipeline.stage;

import java.util.Arrays;

/**
 * Finds one ASCII literal in lines with Horspool's skip: a character that cannot end a match moves
 * the search by up to the literal's length, so a line without it is mostly not read. The image runs
 * C1-compiled code, where {@link String#contains} is a plain loop over every character. Immutable.
 */
final class LiteralSearch {
    private static final int SKIP_MIN_LENGTH = 3; // below this a skip gains nothing over contains

    private final String literal;
    private final char[] chars;
    private final byte[] shift; // by ASCII character: how far the window moves when it ends on it

    LiteralSearch(String literal) {
        this.literal = literal;
        this.chars = literal.toCharArray();
        int m = chars.length;
        this.shift = new byte[128];
        int most = Math.min(m, Byte.MAX_VALUE);
        Arrays.fill(shift, (byte) most);
        for (int j = 0; j < m; j++) {
            if (chars[j] >= 128) {
                throw new IllegalArgumentException("literal is not ASCII: " + literal);
            }
        }
        for (int j = 0; j < m - 1; j++) {
            shift[chars[j]] = (byte) Math.min(m - 1 - j, most);
        }
    }

    String literal() {
        return literal;
    }

    /** Whether {@code s} contains the literal. */
    boolean foundIn(String s) {
        char[] p = chars;
        int m = p.length;
        if (m < SKIP_MIN_LENGTH) {
            return s.contains(literal);
        }
        byte[] sh = shift;
        char last = p[m - 1];
        int n = s.length();
        int most = Math.min(m, Byte.MAX_VALUE);
        for (int i = m - 1; i < n; ) {
            char c = s.charAt(i);
            if (c == last) {
                int j = m - 2;
                int k = i - 1;
                while (j >= 0 && s.charAt(k) == p[j]) {
                    j--;
                    k--;
                }
                if (j < 0) {
                    return true;
                }
            }
            i += c < 128 ? sh[c] : most;
        }
        return false;
    }
}
