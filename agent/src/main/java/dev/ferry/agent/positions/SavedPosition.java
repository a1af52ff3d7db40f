package dev.ferry.agent.positions;

import java.util.Map;

/**
 * One target's saved position: its key within its source, the position pair of {@link
 * OffsetTracker}, what the source needs to recognise the target again (for files: path and
 * fingerprint), and when it was last reported by a running source (epoch milliseconds).
 */
public record SavedPosition(String key, long position, long aux, Map<String, String> attributes, long seenMillis) {
    public SavedPosition {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a saved position needs a key");
        }
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Same position, aux and attributes: what decides whether the file must be written again. */
    boolean sameAs(SavedPosition other) {
        return other != null && position == other.position && aux == other.aux && attributes.equals(other.attributes);
    }

    /** An attribute, or {@code null}. */
    public String attribute(String name) {
        return attributes.get(name);
    }
}
