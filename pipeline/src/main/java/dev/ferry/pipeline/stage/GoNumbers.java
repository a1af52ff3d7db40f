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
     * The text of the JSON number {@code number}, or null when it is out of float64's range (Go's
     * decoder refuses it). {@code integer}: the reader saw no fraction and no exponent in it.
     */
    static String format(String number, boolean integer) {
        int digits = number.length() - (number.charAt(0) == '-' ? 1 : 0);
        if (integer && digits <= 15) {
            return number; // exact in a double, and already the shortest form
        }
        double d = Double.parseDouble(number);
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
