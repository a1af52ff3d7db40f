package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.StructuredMetadata;
import java.util.Objects;

/**
 * One log entry moving through a pipeline, changed in place by its stages: timestamp, line, labels,
 * structured metadata, the values parsing stages extracted, the stream it came from and the token
 * that acknowledges it to its source. As in Alloy, the extracted values start as a copy of the
 * labels, so later stages can read a label as an extracted value (e.g. {@code filename}).
 */
public final class Entry {
    private final Object streamKey;
    private long timestampNanos;
    private String line;
    private int lineUtf8Length = -1; // when the stage that set the line knew it
    private final LabelMap labels;
    private final FieldMap metadata;
    private final FieldMap extracted;
    private Object ackToken;
    private String tenant;

    /**
     * An entry as a source reads it.
     *
     * @param streamKey identifies the stream (e.g. a container or file); stages keep per-stream state under it
     * @param labels the stream's labels
     * @param timestampNanos the read time (or the time the source reported), epoch nanoseconds
     * @param line the line, already decoded
     * @param ackToken handed back to the source's {@link dev.ferry.loki.AckListener} once the entry is
     *     settled; null when nobody listens
     */
    public Entry(Object streamKey, Labels labels, long timestampNanos, String line, Object ackToken) {
        this(streamKey, LabelMap.of(labels), timestampNanos, line, ackToken);
    }

    /** An entry whose labels are given as a map (which it takes over). */
    public Entry(Object streamKey, LabelMap labels, long timestampNanos, String line, Object ackToken) {
        this(streamKey, labels, timestampNanos, line, -1, ackToken);
    }

    /**
     * An entry whose line's UTF-8 length the source knew ({@code -1} when not): equal to the line's
     * length for an ASCII line, which lets stages that read bytes and the client skip a pass.
     */
    public Entry(
            Object streamKey, LabelMap labels, long timestampNanos, String line, int lineUtf8Length, Object ackToken) {
        this.lineUtf8Length = lineUtf8Length;
        this.streamKey = Objects.requireNonNull(streamKey, "streamKey");
        this.labels = labels;
        this.timestampNanos = timestampNanos;
        this.line = Objects.requireNonNull(line, "line");
        this.ackToken = ackToken;
        this.metadata = new FieldMap();
        this.extracted = new FieldMap();
        extracted.setAll(labels);
    }

    private Entry(Entry other) {
        this.streamKey = other.streamKey;
        this.timestampNanos = other.timestampNanos;
        this.line = other.line;
        this.lineUtf8Length = other.lineUtf8Length;
        this.labels = other.labels.copy();
        this.metadata = other.metadata.copy();
        this.extracted = other.extracted.copy();
        this.ackToken = other.ackToken;
        this.tenant = other.tenant;
    }

    public Object streamKey() {
        return streamKey;
    }

    /** Epoch nanoseconds. */
    public long timestamp() {
        return timestampNanos;
    }

    public void setTimestamp(long epochNanos) {
        this.timestampNanos = epochNanos;
    }

    public String line() {
        return line;
    }

    /** The line's UTF-8 length when the source or the stage that set it knew it, else -1. */
    public int lineUtf8Length() {
        return lineUtf8Length;
    }

    public void setLine(String line) {
        setLine(line, -1);
    }

    /**
     * Sets the line with its UTF-8 length when known ({@code -1}: not known), as a field's value
     * carries it ({@link FieldMap#utf8Length}); a wrong length would corrupt the push.
     */
    public void setLine(String line, int utf8Length) {
        this.line = Objects.requireNonNull(line, "line");
        this.lineUtf8Length = utf8Length;
    }

    /** The stream labels, mutable. */
    public LabelMap labels() {
        return labels;
    }

    /** Structured metadata, mutable, in insertion order. */
    public FieldMap metadata() {
        return metadata;
    }

    /** Values extracted by parsing stages (and the initial labels), mutable. */
    public FieldMap extracted() {
        return extracted;
    }

    /** The acknowledgement token: the source's, or a {@link JoinedToken} for a joined entry; may be null. */
    public Object ackToken() {
        return ackToken;
    }

    public void setAckToken(Object token) {
        this.ackToken = token;
    }

    /** The tenant a {@code tenant} stage chose, or null for the client's default. */
    public String tenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    /** A deep copy (same stream and token), for inspection and tests. */
    public Entry copy() {
        return new Entry(this);
    }

    /**
     * The entry as the Loki client takes it (labels go separately: {@link Pipeline#labelsOf(Entry)}).
     *
     * @throws IllegalArgumentException if a metadata name is not valid for Loki (stages check names
     *     when they are configured, so this means a bug)
     */
    public LogEntry toLogEntry() {
        StructuredMetadata md = metadata.toStructuredMetadata();
        return LogEntry.of(timestampNanos, line, lineUtf8Length, md);
    }

    @Override
    public String toString() {
        return timestampNanos + " " + labels + " " + metadata + " " + line;
    }
}
