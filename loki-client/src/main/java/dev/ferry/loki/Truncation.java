package dev.ferry.loki;

/** Cuts text that Loki would refuse as too long, on a character boundary, and says so with a marker. */
final class Truncation {
    static final String MARKER = "…[truncated by ferry]";
    private static final int MARKER_BYTES = Utf8.length(MARKER);

    private Truncation() {}

    /**
     * Cuts {@code text} so that it and the marker fit in {@code maxBytes} UTF-8 bytes, on a
     * character boundary; below the marker's own size, the text is cut without it.
     */
    static String truncate(String text, int maxBytes) {
        if (maxBytes <= MARKER_BYTES) {
            return Utf8.prefix(text, maxBytes); // tiny limits: no room for a marker
        }
        return Utf8.prefix(text, maxBytes - MARKER_BYTES) + MARKER;
    }
}
