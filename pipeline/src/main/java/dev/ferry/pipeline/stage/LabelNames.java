package dev.ferry.pipeline.stage;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Checks of label names in stage configs, with messages that name the stage's field. */
final class LabelNames {
    private LabelNames() {}

    static void check(String field, String name) {
        if (!Labels.isValidName(name)) {
            throw new InvalidFieldException(
                    field,
                    name,
                    field + ": '" + name
                            + "' is not a valid label name; Loki label names match [a-zA-Z_][a-zA-Z0-9_]* (letters, digits and '_', not starting with a digit)");
        }
    }

    /**
     * A label-name → source map as Alloy's {@code labels} and {@code structured_metadata} take it:
     * names checked, an empty source meaning "the same name".
     */
    static Map<String, String> namesToSources(String field, Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            check(field, e.getKey());
            out.put(e.getKey(), e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }
}
