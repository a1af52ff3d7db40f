package dev.ferry.loki;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable Loki label set: names validated against Loki's rules, sorted by name, rendered
 * once to Loki's {@code {a="b", c="d"}} form and hashed once, so it is cheap to use as a map key.
 */
public final class Labels implements Comparable<Labels> {
    /** The empty set; Loki refuses streams without labels, the client rejects entries that carry it. */
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final String rendered;
    private final int renderedUtf8Length;
    private final int hash;
    private final int maxNameLength;
    private final int maxValueUtf8Length;
    /**
     * How a client fixed this set for its {@link LabelLimits}, remembered so that the work is done
     * once per label set, not once per entry. Written without a lock: a race only computes it twice,
     * and the object's final fields make it safe to read from another thread.
     */
    LabelFix labelFix;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.rendered = render(names, values);
        this.renderedUtf8Length = Utf8.length(rendered);
        this.hash = rendered.hashCode();
        int longestName = 0;
        int longestValue = 0;
        for (int i = 0; i < names.length; i++) {
            longestName = Math.max(longestName, names[i].length()); // names are ASCII: chars are bytes
            longestValue = Math.max(longestValue, Utf8.length(values[i]));
        }
        this.maxNameLength = longestName;
        this.maxValueUtf8Length = longestValue;
    }

    /**
     * A label set from a map of name to value.
     *
     * @throws IllegalArgumentException naming the first label whose name Loki would refuse, or a
     *     null value
     */
    public static Labels of(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String name = e.getKey();
            checkName(name);
            if (e.getValue() == null) {
                throw new IllegalArgumentException("label '" + name + "' has no value");
            }
            sorted.put(name, e.getValue());
        }
        String[] names = sorted.keySet().toArray(new String[0]);
        String[] values = sorted.values().toArray(new String[0]);
        return new Labels(names, values);
    }

    /** A label set from alternating names and values: {@code of("app", "api", "namespace", "prod")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = namesAndValues[i];
            if (map.put(name, namesAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("label '" + name + "' given twice");
            }
        }
        return of(map);
    }

    /** Loki's label name rule: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValidName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static void checkName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(
                    "invalid label name '" + name
                            + "': Loki label names must match [a-zA-Z_][a-zA-Z0-9_]* (letters, digits and '_', not starting with a digit)");
        }
    }

    /** A copy with {@code other}'s labels added where this set has no label of that name. */
    public Labels withDefaults(Labels other) {
        if (other.isEmpty()) {
            return this;
        }
        TreeMap<String, String> merged = new TreeMap<>();
        for (int i = 0; i < other.names.length; i++) {
            merged.put(other.names[i], other.values[i]);
        }
        for (int i = 0; i < names.length; i++) {
            merged.put(names[i], values[i]);
        }
        return of(merged);
    }

    public int size() {
        return names.length;
    }

    public boolean isEmpty() {
        return names.length == 0;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The value of label {@code name}, or null. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : null;
    }

    /** A sorted map copy, for display and tests. */
    public Map<String, String> toMap() {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    /** Loki's selector form, e.g. {@code {app="api", namespace="prod"}}. */
    public String rendered() {
        return rendered;
    }

    /** Length of the longest label name (names are ASCII), computed once. */
    public int maxNameLength() {
        return maxNameLength;
    }

    /** UTF-8 length of the longest label value, computed once: what Loki's max_label_value_length limits. */
    public int maxValueUtf8Length() {
        return maxValueUtf8Length;
    }

    /** UTF-8 length of {@link #rendered()}, computed once. */
    public int renderedUtf8Length() {
        return renderedUtf8Length;
    }

    @Override
    public String toString() {
        return rendered;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof Labels other && other.hash == hash && other.rendered.equals(rendered));
    }

    @Override
    public int compareTo(Labels o) {
        return rendered.compareTo(o.rendered);
    }

    private static String render(String[] names, String[] values) {
        StringBuilder sb = new StringBuilder(16 * names.length + 2);
        sb.append('{');
        for (int i = 0; i < names.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append("=\"");
            appendEscaped(sb, values[i]);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    /** Escapes as a Go double-quoted string, which is what Loki's label parser reads back. */
    static void appendEscaped(StringBuilder sb, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else if (Character.isSurrogate(c)) {
                        if (Character.isHighSurrogate(c)
                                && i + 1 < value.length()
                                && Character.isLowSurrogate(value.charAt(i + 1))) {
                            sb.append(c).append(value.charAt(++i));
                        } else {
                            sb.append('\uFFFD'); // not valid Unicode: Loki needs UTF-8
                        }
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
