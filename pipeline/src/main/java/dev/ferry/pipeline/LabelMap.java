package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An entry's labels while it moves through a pipeline: a small mutable map kept sorted by name, so
 * two maps with the same labels are equal and hash alike (see {@link LabelsCache}).
 */
public final class LabelMap {
    private String[] names;
    private String[] values;
    private int size;

    public LabelMap() {
        this(8);
    }

    private LabelMap(int capacity) {
        names = new String[capacity];
        values = new String[capacity];
    }

    /** A map holding {@code labels}. */
    public static LabelMap of(Labels labels) {
        LabelMap m = new LabelMap(Math.max(4, labels.size() + 2));
        for (int i = 0; i < labels.size(); i++) {
            m.names[i] = labels.name(i);
            m.values[i] = labels.value(i);
        }
        m.size = labels.size();
        return m;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** The i-th name in sorted order. */
    public String name(int i) {
        return names[i];
    }

    public String value(int i) {
        return values[i];
    }

    private int indexOf(String name) {
        return Arrays.binarySearch(names, 0, size, name);
    }

    /** The value of {@code name}, or null. */
    public String get(String name) {
        int i = indexOf(name);
        return i >= 0 ? values[i] : null;
    }

    public boolean contains(String name) {
        return indexOf(name) >= 0;
    }

    /** Sets {@code name} to {@code value}; the caller has checked that the name is valid for Loki. */
    public void put(String name, String value) {
        int i = indexOf(name);
        if (i >= 0) {
            values[i] = value;
            return;
        }
        int at = -i - 1;
        if (size == names.length) {
            names = FieldMap.copyOf(names, size * 2);
            values = FieldMap.copyOf(values, size * 2);
        }
        System.arraycopy(names, at, names, at + 1, size - at);
        System.arraycopy(values, at, values, at + 1, size - at);
        names[at] = name;
        values[at] = value;
        size++;
    }

    /** Removes {@code name}; true when it was there. */
    public boolean remove(String name) {
        int i = indexOf(name);
        if (i < 0) {
            return false;
        }
        removeAt(i);
        return true;
    }

    /** Removes the i-th label. */
    public void removeAt(int i) {
        System.arraycopy(names, i + 1, names, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        names[size] = null;
        values[size] = null;
    }

    public LabelMap copy() {
        LabelMap m = new LabelMap(names.length);
        System.arraycopy(names, 0, m.names, 0, size);
        System.arraycopy(values, 0, m.values, 0, size);
        m.size = size;
        return m;
    }

    /** A sorted map copy, for display and tests. */
    public Map<String, String> toMap() {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(names[i], values[i]);
        }
        return map;
    }

    /** An immutable {@link Labels}; prefer {@link LabelsCache} on hot paths. */
    public Labels toLabels() {
        return Labels.of(toMap());
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (int i = 0; i < size; i++) {
            h = 31 * (31 * h + names[i].hashCode()) + values[i].hashCode();
        }
        return h;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof LabelMap other) || other.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            if (!names[i].equals(other.names[i]) || !values[i].equals(other.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }
}
