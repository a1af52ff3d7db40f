package dev.ferry.pipeline;

/**
 * What a pipeline does with an output line longer than {@code maxBytes} UTF-8 bytes: cut it to the
 * limit at a character boundary, ending with {@link dev.ferry.loki.LineTruncation#MARKER}, or drop it.
 * Zero bytes means no limit. Sources hand lines on whole (up to a memory guard far above Loki's
 * limit), so this is the one place a line is cut, in {@code ferry run} and {@code ferry process}.
 */
public record MaxLineSize(int maxBytes, Action action) {
    public enum Action {
        TRUNCATE,
        DROP
    }

    public static final MaxLineSize UNLIMITED = new MaxLineSize(0, Action.TRUNCATE);

    public MaxLineSize {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("max_line_size must be zero (no limit) or positive, got " + maxBytes);
        }
        if (action == null) {
            throw new IllegalArgumentException("max_line_size needs an action: truncate or drop");
        }
    }
}
