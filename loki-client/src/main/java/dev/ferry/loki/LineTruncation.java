package dev.ferry.loki;

/**
 * Ferry's one rule for a line over a size limit: keep the longest prefix that, with {@link #MARKER}
 * after it, fits in the limit's UTF-8 bytes, never splitting a character. The pipeline's output
 * ({@code limits.max_line_size}), a file source's read limit and the Loki client all cut this way, so
 * a cut line looks the same wherever it was cut.
 */
public final class LineTruncation {
    /** What a cut line ends with, so a reader of the line in Loki knows it is not the whole line. */
    public static final String MARKER = "…[truncated by ferry]";

    private static final int MARKER_BYTES = Utf8.length(MARKER);

    private LineTruncation() {}

    /**
     * {@code line} cut to at most {@code maxBytes} UTF-8 bytes, marker included; call it for a line
     * that is longer. Below the marker's own size there is no room for it: the plain prefix.
     */
    public static String truncate(String line, int maxBytes) {
        int budget = maxBytes - MARKER_BYTES;
        if (budget <= 0) {
            return line.substring(0, prefixLength(line, maxBytes));
        }
        return line.substring(0, prefixLength(line, budget)) + MARKER;
    }

    /** The number of chars of the longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes. */
    private static int prefixLength(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            int charBytes;
            int chars = 1;
            if (c < 0x80) {
                charBytes = 1;
            } else if (c < 0x800) {
                charBytes = 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                charBytes = 4;
                chars = 2;
            } else {
                charBytes = 3; // a BMP char, or a lone surrogate (sent as U+FFFD)
            }
            if (bytes + charBytes > maxBytes) {
                break;
            }
            bytes += charBytes;
            i += chars;
        }
        return i;
    }
}
