package dev.ferry.pipeline.config;

import java.time.Duration;

/** Go's duration syntax ({@code 3s}, {@code 1m30s}, {@code 250ms}, {@code 1.5h}), which Alloy configs use. */
public final class GoDuration {
    private GoDuration() {}

    /**
     * Parses a Go duration.
     *
     * @throws IllegalArgumentException with a message that says what is wrong
     */
    public static Duration parse(String s) {
        String orig = s;
        if (s.isEmpty()) {
            throw new IllegalArgumentException("is empty; expected a duration such as 3s or 1m30s");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == s.length()) {
            throw bad(orig);
        }
        // Whole numbers (3s, 1m30s, 250ms: every duration of the usual configs) are summed in a long;
        // a fraction (1.5h) switches to BigDecimal. BigDecimal's first use alone costs ~20 ms of start-up.
        long wholeNanos = 0;
        java.math.BigDecimal fractional = null;
        while (i < s.length()) {
            int start = i;
            boolean dot = false;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                dot |= s.charAt(i) == '.';
                i++;
            }
            if (start == i) {
                throw bad(orig);
            }
            String digits = s.substring(start, i);
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unitNanos = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> throw bad(orig);
            };
            if (!dot && fractional == null && digits.length() <= 18) {
                try {
                    wholeNanos = Math.addExact(wholeNanos, Math.multiplyExact(Long.parseLong(digits), unitNanos));
                    continue;
                } catch (ArithmeticException e) {
                    // too large for a long: BigDecimal below says so
                }
            }
            if (fractional == null) {
                fractional = java.math.BigDecimal.valueOf(wholeNanos);
            }
            java.math.BigDecimal number;
            try {
                number = new java.math.BigDecimal(digits);
            } catch (NumberFormatException e) {
                throw bad(orig);
            }
            fractional = fractional.add(number.multiply(java.math.BigDecimal.valueOf(unitNanos)));
        }
        long nanos = wholeNanos;
        if (fractional != null) {
            try {
                nanos = fractional.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("'" + orig + "' is too long a duration");
            }
        }
        return Duration.ofNanos(negative ? -nanos : nanos);
    }

    private static IllegalArgumentException bad(String s) {
        return new IllegalArgumentException(
                "'" + s + "' is not a duration; write a number and a unit (ns, us, ms, s, m, h), e.g. 3s or 1m30s");
    }
}
