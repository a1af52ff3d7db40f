package dev.ferry.loki;

import java.time.Instant;
import java.util.Objects;

/**
 * One log entry as Loki stores it: a timestamp with nanosecond precision, a line, and structured
 * metadata. The line's UTF-8 length is computed once here, and batch sizes and the encoder reuse it.
 */
public final class LogEntry {
    private final long epochNanos;
    private final String line;
    private final int lineUtf8Length;
    private final StructuredMetadata metadata;

    /** An entry at {@code epochNanos} nanoseconds since 1970-01-01T00:00:00Z. */
    public LogEntry(long epochNanos, String line, StructuredMetadata metadata) {
        this.epochNanos = epochNanos;
        this.line = Objects.requireNonNull(line, "line");
        this.metadata = metadata == null ? StructuredMetadata.EMPTY : metadata;
        int known = this.metadata.knownUtf8Length(line);
        this.lineUtf8Length = known >= 0 ? known : Utf8.length(line);
    }

    private LogEntry(long epochNanos, String line, int lineUtf8Length, StructuredMetadata metadata) {
        this.epochNanos = epochNanos;
        this.line = line;
        this.lineUtf8Length = lineUtf8Length;
        this.metadata = metadata;
    }

    public LogEntry(long epochNanos, String line) {
        this(epochNanos, line, StructuredMetadata.EMPTY);
    }

    /**
     * An entry whose line's UTF-8 length the caller measured ({@code -1}: not known, measured here).
     * A wrong length would corrupt the push: pass only a measured one.
     */
    public static LogEntry of(long epochNanos, String line, int lineUtf8Length, StructuredMetadata metadata) {
        if (lineUtf8Length < 0) {
            return new LogEntry(epochNanos, line, metadata);
        }
        return new LogEntry(
                epochNanos,
                Objects.requireNonNull(line, "line"),
                lineUtf8Length,
                metadata == null ? StructuredMetadata.EMPTY : metadata);
    }

    public static LogEntry of(Instant timestamp, String line, StructuredMetadata metadata) {
        return new LogEntry(toEpochNanos(timestamp), line, metadata);
    }

    public static long toEpochNanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    public long epochNanos() {
        return epochNanos;
    }

    public Instant timestamp() {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    public String line() {
        return line;
    }

    public int lineUtf8Length() {
        return lineUtf8Length;
    }

    public StructuredMetadata metadata() {
        return metadata;
    }

    /** Bytes Loki counts for this entry: the line plus every metadata name and value. */
    public int sizeBytes() {
        return lineUtf8Length + metadata.utf8Size();
    }

    /** The same entry with another line (used to truncate an over-long line). */
    public LogEntry withLine(String newLine) {
        return new LogEntry(epochNanos, newLine, metadata);
    }

    /** The same entry with other structured metadata (used to carry labels Loki would refuse). */
    public LogEntry withMetadata(StructuredMetadata newMetadata) {
        return new LogEntry(
                epochNanos, line, lineUtf8Length, newMetadata == null ? StructuredMetadata.EMPTY : newMetadata);
    }

    @Override
    public String toString() {
        return timestamp() + " " + metadata + " " + line;
    }
}
