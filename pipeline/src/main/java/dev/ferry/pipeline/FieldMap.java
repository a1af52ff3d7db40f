package dev.ferry.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small mutable map of names to string values that keeps insertion order: an entry's structured
 * metadata and its extracted values. Lookups scan linearly, which beats hashing for the handful of
 * fields an entry carries; each name's hash is kept beside it, so a scan compares ints and calls
 * {@code equals} only where the hashes match (a String caches its hash, so it is computed once).
 * A value may carry its UTF-8 length when the stage that set it knew it (the json stage reads
 * bytes), so the Loki client need not measure it again; -1 means not known.
 */
public final class FieldMap {
    private static final String[] NONE = new String[0];
    private static final int[] NO_INTS = new int[0];

    private String[] names = NONE;
    private String[] values = NONE;
    private int[] hashes = NO_INTS;
    private int[] utf8Lengths = NO_INTS;
    private int size;

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    /** The index of {@code name}, or -1. */
    public int indexOf(String name) {
        return indexOf(name, name.hashCode());
    }

    /** The UTF-8 length of the i-th value when the stage that set it knew it, else -1. */
    public int utf8Length(int i) {
        return utf8Lengths[i];
    }

    private int indexOf(String name, int hash) {
        int[] h = hashes;
        for (int i = 0; i < size; i++) {
            if (h[i] == hash) {
                String n = names[i];
                if (n == name || n.equals(name)) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        int i = indexOf(name);
        return i >= 0 ? values[i] : null;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** Sets {@code name}; a new name goes last, an existing one keeps its place. */
    public void put(String name, String value) {
        put(name, value, -1);
    }

    /**
     * Sets {@code name} to a value whose UTF-8 length is known ({@code -1}: not known). A wrong
     * length would corrupt what is sent to Loki: pass one only when it was measured.
     */
    public void put(String name, String value, int utf8Length) {
        int hash = name.hashCode();
        int i = indexOf(name, hash);
        if (i >= 0) {
            values[i] = value;
            utf8Lengths[i] = utf8Length;
            return;
        }
        if (size == names.length) {
            int capacity = Math.max(4, size * 2);
            names = copyOf(names, capacity);
            values = copyOf(values, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            utf8Lengths = Arrays.copyOf(utf8Lengths, capacity);
        }
        names[size] = name;
        values[size] = value;
        hashes[size] = hash;
        utf8Lengths[size] = utf8Length;
        size++;
    }

    /**
     * {@code Arrays.copyOf} for a String array without its reflective array creation, which C1 (the
     * image's compiler) does not inline: a measurable per-entry cost.
     */
    static String[] copyOf(String[] a, int length) {
        String[] b = new String[length];
        System.arraycopy(a, 0, b, 0, Math.min(a.length, length));
        return b;
    }

    /** Removes {@code name}; true when it was there. */
    public boolean remove(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return false;
        }
        System.arraycopy(names, i + 1, names, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        System.arraycopy(hashes, i + 1, hashes, i, size - i - 1);
        System.arraycopy(utf8Lengths, i + 1, utf8Lengths, i, size - i - 1);
        size--;
        names[size] = null;
        values[size] = null;
        return true;
    }

    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
    }

    /** Replaces this map's content with {@code labels}' (used to seed extracted values). */
    void setAll(LabelMap labels) {
        clear();
        if (names.length < labels.size()) {
            names = new String[labels.size() + 4];
            values = new String[labels.size() + 4];
            hashes = new int[labels.size() + 4];
            utf8Lengths = new int[labels.size() + 4];
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            names[i] = name;
            values[i] = labels.value(i);
            hashes[i] = name.hashCode();
            utf8Lengths[i] = -1;
        }
        size = labels.size();
    }

    public FieldMap copy() {
        FieldMap m = new FieldMap();
        m.names = copyOf(names, size);
        m.values = copyOf(values, size);
        m.hashes = Arrays.copyOf(hashes, size);
        m.utf8Lengths = Arrays.copyOf(utf8Lengths, size);
        m.size = size;
        return m;
    }

    /** An insertion-ordered map copy. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    /** These fields as Loki structured metadata, in insertion order, without an intermediate map. */
    public dev.ferry.loki.StructuredMetadata toStructuredMetadata() {
        return dev.ferry.loki.StructuredMetadata.of(names, values, utf8Lengths, size);
    }
}
