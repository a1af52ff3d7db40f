package dev.ferry.pipeline.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A YAML mapping with string keys, in the order written; each key keeps its own location. */
public final class MapNode implements ConfigNode {
    /** One key and its value. */
    public record Field(String key, Location keyLocation, ConfigNode value) {}

    private final Map<String, Field> fields;
    private final Location location;

    public MapNode(Map<String, Field> fields, Location location) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.location = location;
    }

    /** An empty map at {@code location} (stands in for a value of the wrong type). */
    public static MapNode empty(Location location) {
        return new MapNode(Map.of(), location);
    }

    @Override
    public Location location() {
        return location;
    }

    /** The value of {@code key}, or null. */
    public ConfigNode get(String key) {
        Field f = fields.get(key);
        return f == null ? null : f.value();
    }

    public Field field(String key) {
        return fields.get(key);
    }

    public Set<String> keys() {
        return fields.keySet();
    }

    /** Fields in the order written. */
    public Iterable<Field> fields() {
        return fields.values();
    }

    public int size() {
        return fields.size();
    }

    @Override
    public String describe() {
        return "a map";
    }

    @Override
    public String toString() {
        return "MapNode" + fields.keySet() + "@" + location;
    }
}
