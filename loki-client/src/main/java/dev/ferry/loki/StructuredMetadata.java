package dev.ferry.loki;

import java.util.LinkedHashMap;
import java.util.Map;

/** An entry's structured metadata: name/value pairs in the order given, with their UTF-8 size computed once. */
public final class StructuredMetadata {
    /** No metadata. */
    public static final StructuredMetadata EMPTY = new StructuredMetadata(new String[0], new String[0], null);

    private final String[] names;
    private final String[] values;
    private final int[] utf8Lengths; // name, value, name, value, ...
    private final int utf8Size;

    /** {@code knownValueLengths}: null, or each value's UTF-8 length where known, else -1. */
    private StructuredMetadata(String[] names, String[] values, int[] knownValueLengths) {
        this.names = names;
        this.values = values;
        this.utf8Lengths = new int[names.length * 2];
        int size = 0;
        for (int i = 0; i < names.length; i++) {
            utf8Lengths[2 * i] = names[i].length(); // a valid name is ASCII
            int known = knownValueLengths == null ? -1 : knownValueLengths[i];
            utf8Lengths[2 * i + 1] = known >= 0 ? known : Utf8.length(values[i]);
            size += utf8Lengths[2 * i] + utf8Lengths[2 * i + 1];
        }
        this.utf8Size = size;
    }

    /**
     * The UTF-8 length of {@code s} when it is one of these values (the same instance), else -1: an
     * entry's line is often also a metadata value (output from a field that is also kept), and
     * measuring it again was a per-line cost.
     */
    int knownUtf8Length(String s) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == s) {
                return utf8Lengths[2 * i + 1];
            }
        }
        return -1;
    }

    /**
     * Metadata from a map, in the map's iteration order.
     *
     * @throws IllegalArgumentException for a name Loki refuses (same rule as label names) or a null value
     */
    public static StructuredMetadata of(Map<String, String> pairs) {
        if (pairs.isEmpty()) {
            return EMPTY;
        }
        String[] names = new String[pairs.size()];
        String[] values = new String[pairs.size()];
        int i = 0;
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            Labels.checkName(e.getKey());
            if (e.getValue() == null) {
                throw new IllegalArgumentException("structured metadata '" + e.getKey() + "' has no value");
            }
            names[i] = e.getKey();
            values[i] = e.getValue();
            i++;
        }
        return new StructuredMetadata(names, values, null);
    }

    /**
     * Metadata from the first {@code count} names and values of two arrays (copied), without an
     * intermediate map: what a pipeline uses once per entry. Names must be distinct.
     *
     * @throws IllegalArgumentException for a name Loki refuses or a null value
     */
    public static StructuredMetadata of(String[] names, String[] values, int count) {
        return of(names, values, null, count);
    }

    /**
     * {@link #of(String[], String[], int)} with the values' UTF-8 lengths where the caller measured
     * them ({@code valueUtf8Lengths} null, or -1 where not known): a wrong length would corrupt the
     * push, so pass only measured ones.
     */
    public static StructuredMetadata of(String[] names, String[] values, int[] valueUtf8Lengths, int count) {
        if (count == 0) {
            return EMPTY;
        }
        // new + arraycopy, not Arrays.copyOf: C1 (the image's compiler) makes that a reflective call
        String[] n = new String[count];
        String[] v = new String[count];
        System.arraycopy(names, 0, n, 0, count);
        System.arraycopy(values, 0, v, 0, count);
        for (int i = 0; i < count; i++) {
            Labels.checkName(n[i]);
            if (v[i] == null) {
                throw new IllegalArgumentException("structured metadata '" + n[i] + "' has no value");
            }
        }
        return new StructuredMetadata(n, v, valueUtf8Lengths);
    }

    /** Metadata from alternating names and values. */
    public static StructuredMetadata of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("structured metadata needs name/value pairs, got an odd count");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(map);
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

    int nameUtf8Length(int i) {
        return utf8Lengths[2 * i];
    }

    int valueUtf8Length(int i) {
        return utf8Lengths[2 * i + 1];
    }

    /** Sum of the UTF-8 lengths of every name and value: what Loki counts toward an entry's size. */
    public int utf8Size() {
        return utf8Size;
    }

    /** An insertion-ordered map copy, for display and tests. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
