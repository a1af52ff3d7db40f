package dev.ferry.pipeline.config;

/**
 * Thrown by a config record's constructor when a value is not acceptable. {@code field} locates the
 * error in the YAML; the message is complete ("max_lines must be positive, got 0").
 */
public final class InvalidFieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final String entry;

    public InvalidFieldException(String field, String message) {
        this(field, null, message);
    }

    /** A problem with one entry ({@code entry}, a key of the map {@code field}), located at that key. */
    public InvalidFieldException(String field, String entry, String message) {
        super(message);
        this.field = field;
        this.entry = entry;
    }

    /** The key inside the map {@link #field()} the problem is about, or null. */
    public String entry() {
        return entry;
    }

    /** The YAML key the problem is about, or null for the whole stage. */
    public String field() {
        return field;
    }
}
