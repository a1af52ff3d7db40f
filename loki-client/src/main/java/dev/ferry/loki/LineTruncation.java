package dev.ferry.loki;

/**
 * Ferry's one rule for a line over a size limit: keep the longest prefix that, with {@link #MARKER}
 * after it, fits in the limit's UTF-8 bytes, never splitting a character. The pipeline's output
 * ({@code limits.max_line_size}), a file source's read limit, the Loki client and its label fixes
 * all cut this way, so a cut line or value looks the same wherever it was cut.
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
            return Utf8.prefix(line, maxBytes);
        }
        return Utf8.prefix(line, budget) + MARKER;
    }
}
