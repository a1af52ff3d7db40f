package dev.ferry.pipeline.config;

import java.util.List;

/** A YAML sequence. */
public record ListNode(List<ConfigNode> items, Location location) implements ConfigNode {
    public ListNode {
        items = List.copyOf(items);
    }

    public int size() {
        return items.size();
    }

    public ConfigNode get(int i) {
        return items.get(i);
    }

    @Override
    public String describe() {
        return "a list";
    }
}
