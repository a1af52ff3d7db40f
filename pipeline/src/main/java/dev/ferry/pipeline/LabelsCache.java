package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an entry's {@link LabelMap} into immutable {@link Labels}, remembering the last few hundred
 * label sets so the usual case (a handful of streams) builds and renders nothing per line. Labels
 * with an empty value are left out, as Loki treats them as absent. Not thread-safe.
 */
public final class LabelsCache {
    private static final int MAX_ENTRIES = 512;

    private final Map<LabelMap, Labels> cache = new HashMap<>();

    public Labels labelsOf(LabelMap labels) {
        Labels hit = cache.get(labels);
        if (hit != null) {
            return hit;
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            if (!labels.value(i).isEmpty()) {
                map.put(labels.name(i), labels.value(i));
            }
        }
        Labels built = Labels.of(map);
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(labels.copy(), built);
        return built;
    }
}
