package dev.ferry.pipeline.stage;

import java.math.BigDecimal;

/**
 * JSON numbers as Alloy turns them into text: Go decodes them to float64 and prints them with
 * {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest digits that read back to the same
 * double, never in exponent form ({@code 1e3} → {@code 1000}, {@code 1.50} → {@code 1.5}).
 */
final class GoNumbers {
    private GoNumbers() {}

    /**
     * The text of the JSON number {@code s[start..end)}, or null when it is out of float64's range
     * (Go's decoder refuses it).
     */
    static String format(String s, int start, int end) {
        int digits = 0;
        boolean plainInteger = true;
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c != '-') {
                plainInteger = false;
                break;
            }
        }
        if (plainInteger && digits <= 15) {
            return s.substring(start, end); // exact in a double, and already the shortest form
        }
        double d = Double.parseDouble(s.substring(start, end));
        if (Double.isInfinite(d)) {
            return null;
        }
        return format(d);
    }

    static String format(double d) {
        if (Double.isInfinite(d) || Double.isNaN(d)) {
            return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf"; // as Go prints them
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
