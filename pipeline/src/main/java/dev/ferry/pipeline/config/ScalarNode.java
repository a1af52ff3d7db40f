package dev.ferry.pipeline.config;

/**
 * A YAML scalar: its text, and whether it was written plain (unquoted), which decides whether
 * {@code 3}, {@code true} or {@code null} mean a number, a boolean or nothing.
 */
public record ScalarNode(String text, boolean plain, Location location) implements ConfigNode {
    /** True for a plain {@code null}, {@code ~} or an empty plain value. */
    public boolean isNull() {
        return plain
                && (text.isEmpty()
                        || text.equals("~")
                        || text.equals("null")
                        || text.equals("Null")
                        || text.equals("NULL"));
    }

    @Override
    public String describe() {
        return isNull() ? "nothing (null)" : "'" + text + "'";
    }
}
