package dev.ferry.pipeline.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads the fields of one YAML map with type checks, reporting each problem at the value's location
 * with a context such as "pipeline 'plex', stage 3 (regex)". Every getter marks its key as known;
 * {@link #finish()} then reports the keys nobody asked for. A getter that finds a problem reports it
 * and returns the default, so reading continues and every error is found in one pass.
 *
 * <p>Use: read every field, call {@link #finish()}, and if it returns true build the config record
 * through {@link #build(Supplier)}, which turns the record's {@link InvalidFieldException} into a
 * located error. Open for extension (the stage reader adds nested stages).
 */
public class MapReader {
    private final MapNode node;
    private final ConfigProblems problems;
    private final String context;
    private final Set<String> known = new LinkedHashSet<>();
    private int errors;

    public MapReader(MapNode node, ConfigProblems problems, String context) {
        this.node = node;
        this.problems = problems;
        this.context = context;
    }

    /**
     * A reader over {@code node}, which should be a map; if it is not, that is reported ("must be
     * {@code what}") and the reader reads an empty map.
     */
    public static MapReader of(ConfigNode node, ConfigProblems problems, String context, String what) {
        if (node instanceof MapNode m) {
            return new MapReader(m, problems, context);
        }
        MapReader r = new MapReader(MapNode.empty(node.location()), problems, context);
        r.errorAt(node.location(), "must be " + what + ", got " + node.describe());
        return r;
    }

    public MapNode node() {
        return node;
    }

    public ConfigProblems problems() {
        return problems;
    }

    public String context() {
        return context;
    }

    /** True when {@code key} is present (and not null). Marks it known. */
    public boolean has(String key) {
        known.add(key);
        ConfigNode v = node.get(key);
        return v != null && !(v instanceof ScalarNode s && s.isNull());
    }

    /** The raw value of {@code key}, or null when absent or null. Marks it known. */
    public ConfigNode raw(String key) {
        known.add(key);
        ConfigNode v = node.get(key);
        return v instanceof ScalarNode s && s.isNull() ? null : v;
    }

    /** Where {@code key}'s value was written, or the map's location when the key is absent. */
    public Location locationOf(String key) {
        ConfigNode v = key == null ? null : node.get(key);
        return v != null ? v.location() : node.location();
    }

    public String string(String key) {
        return string(key, null);
    }

    /** A string (any scalar is taken as its text), or {@code def}. */
    public String string(String key, String def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s) {
            return s.text();
        }
        error(key, key + " must be a string, got " + v.describe());
        return def;
    }

    /** A string that must be there and not empty. */
    public String requiredString(String key) {
        ConfigNode v = node.get(key);
        if (v == null || v instanceof ScalarNode s && (s.isNull() || s.text().isEmpty())) {
            known.add(key);
            error(key, key + " is required");
            return null;
        }
        return string(key, null);
    }

    public int integer(String key, int def) {
        long v = longValue(key, def);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            error(key, key + " is out of range: " + v);
            return def;
        }
        return (int) v;
    }

    public long longValue(String key, long def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s && s.plain()) {
            try {
                return Long.parseLong(s.text().replace("_", ""));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        error(key, key + " must be an integer, got " + v.describe());
        return def;
    }

    public double number(String key, double def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s && s.plain()) {
            try {
                double d = Double.parseDouble(s.text());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        error(key, key + " must be a number, got " + v.describe());
        return def;
    }

    public boolean bool(String key, boolean def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s && s.plain()) {
            switch (s.text()) {
                case "true", "True", "TRUE" -> {
                    return true;
                }
                case "false", "False", "FALSE" -> {
                    return false;
                }
                default -> {}
            }
        }
        error(key, key + " must be true or false, got " + v.describe());
        return def;
    }

    /** A size in bytes: a plain number or one with a unit ({@code 512}, {@code 10KB}, {@code 1MiB}). */
    public long byteSize(String key, long def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s) {
            try {
                return ByteSize.parse(s.text());
            } catch (IllegalArgumentException | ArithmeticException e) {
                error(key, key + ": " + e.getMessage());
                return def;
            }
        }
        error(key, key + " must be a size such as 1MiB, got " + v.describe());
        return def;
    }

    /** A Go duration such as {@code 3s} or {@code 1m30s}. */
    public Duration duration(String key, Duration def) {
        ConfigNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v instanceof ScalarNode s) {
            try {
                return GoDuration.parse(s.text());
            } catch (IllegalArgumentException e) {
                error(key, key + ": " + e.getMessage());
                return def;
            }
        }
        error(key, key + " must be a duration such as 3s, got " + v.describe());
        return def;
    }

    /** A list of strings, or null when absent. */
    public List<String> stringList(String key) {
        ConfigNode v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof ListNode l) {
            return strings(key, l);
        }
        error(key, key + " must be a list of strings, got " + v.describe());
        return null;
    }

    /** One string or a list of strings (Alloy's {@code drop.source} takes both), or null when absent. */
    public List<String> stringOrList(String key) {
        ConfigNode v = raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s) {
            return List.of(s.text());
        }
        if (v instanceof ListNode l) {
            return strings(key, l);
        }
        error(key, key + " must be a string or a list of strings, got " + v.describe());
        return null;
    }

    private List<String> strings(String key, ListNode l) {
        List<String> out = new ArrayList<>();
        for (ConfigNode item : l.items()) {
            if (item instanceof ScalarNode s && !s.isNull()) {
                out.add(s.text());
            } else {
                errorAt(item.location(), key + " must hold strings only, got " + item.describe());
            }
        }
        return out;
    }

    /**
     * A map of string to string (Alloy's {@code values = { level = "" }}); a null or empty value
     * reads as "". Returns null when absent. Keys keep the order written.
     */
    public Map<String, String> stringMap(String key) {
        ConfigNode v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof MapNode m)) {
            error(key, key + " must be a map of names to strings, got " + v.describe());
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (MapNode.Field f : m.fields()) {
            if (f.value() instanceof ScalarNode s) {
                out.put(f.key(), s.isNull() ? "" : s.text());
            } else {
                errorAt(
                        f.value().location(),
                        key + "." + f.key() + " must be a string, got "
                                + f.value().describe());
            }
        }
        return out;
    }

    /** Where the value of {@code key}.{@code subKey} was written (for errors about one map entry). */
    public Location locationOf(String key, String subKey) {
        if (node.get(key) instanceof MapNode m && m.field(subKey) != null) {
            return m.field(subKey).keyLocation();
        }
        return locationOf(key);
    }

    /** Reports an error about {@code key} at its value (or at the map when absent). */
    public void error(String key, String message) {
        errorAt(locationOf(key), message);
    }

    public void errorAt(Location at, String message) {
        errors++;
        problems.error(at, context, message);
    }

    /** Reports a warning about {@code key} (null: the whole map). */
    public void warning(String key, String message) {
        problems.warning(locationOf(key), context, message);
    }

    /** Counts an error reported elsewhere (in nested stages) as one of this reader's. */
    protected final void countNestedError() {
        errors++;
    }

    /** Number of errors this reader has reported. */
    public int errorCount() {
        return errors;
    }

    /** Reports unknown keys; true when this reader found no error at all. */
    public boolean finish() {
        for (MapNode.Field f : node.fields()) {
            if (!known.contains(f.key())) {
                errorAt(f.keyLocation(), unknownKey(f.key()));
            }
        }
        return errors == 0;
    }

    private String unknownKey(String key) {
        StringBuilder sb = new StringBuilder("unknown key '").append(key).append('\'');
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = EditDistance.between(key, k);
            if (d < bestDistance || best == null && (k.startsWith(key) || key.startsWith(k))) {
                bestDistance = d;
                best = k;
            }
        }
        if (best != null) {
            sb.append(" (did you mean '").append(best).append("'?)");
        }
        if (known.isEmpty()) {
            sb.append("; no keys are allowed here");
        } else {
            sb.append("; known keys: ").append(String.join(", ", known));
        }
        return sb.toString();
    }

    /**
     * Builds a config record, turning what its constructor throws into a located error: an
     * {@link InvalidFieldException} at its field, another {@link IllegalArgumentException} at the map.
     * Returns null when it threw.
     */
    public <T> T build(Supplier<T> constructor) {
        try {
            return constructor.get();
        } catch (InvalidFieldException e) {
            errorAt(e.entry() == null ? locationOf(e.field()) : locationOf(e.field(), e.entry()), e.getMessage());
        } catch (IllegalArgumentException e) {
            errorAt(node.location(), e.getMessage());
        }
        return null;
    }
}
