package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code static_labels}: sets fixed labels ({@code values: {source: file}}); an empty value is skipped, as in Alloy. */
final class StaticLabelsStage implements Stage {
    record Config(Map<String, String> values) implements StageConfig {
        Config {
            if (values == null || values.isEmpty()) {
                throw new InvalidFieldException("values", "values is required: a map of label name to value");
            }
            Map<String, String> kept = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : values.entrySet()) {
                LabelNames.check("values", e.getKey());
                if (e.getValue() != null && !e.getValue().isEmpty()) {
                    kept.put(e.getKey(), e.getValue());
                }
            }
            values = java.util.Collections.unmodifiableMap(kept);
        }

        static Config parse(StageArgs a) {
            Map<String, String> values = a.stringMap("values");
            if (!a.has("values")) {
                a.error("values", "values is required: a map of label name to value");
            }
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(values));
        }

        @Override
        public String stageName() {
            return "static_labels";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new StaticLabelsStage(this);
        }
    }

    private final String[] names;
    private final String[] values;

    private StaticLabelsStage(Config config) {
        names = config.values().keySet().toArray(new String[0]);
        values = config.values().values().toArray(new String[0]);
    }

    @Override
    public void process(Entry entry, Emitter out) {
        for (int i = 0; i < names.length; i++) {
            entry.labels().put(names[i], values[i]);
        }
        out.emit(entry);
    }
}
