package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.Map;

/**
 * {@code labels}: sets stream labels from extracted values ({@code values: {level: ""}} = label
 * {@code level} from extracted {@code level}), or from structured metadata with {@code
 * source_type: structured_metadata}. A value that is missing leaves the label as it was.
 */
final class LabelsStage implements Stage {
    record Config(Map<String, String> values, boolean fromMetadata) implements StageConfig {
        Config {
            if (values == null || values.isEmpty()) {
                throw new InvalidFieldException("values", "values is required: a map of label name to extracted name");
            }
            values = LabelNames.namesToSources("values", values);
        }

        static Config parse(StageArgs a) {
            Map<String, String> values = a.stringMap("values");
            String sourceType = a.string("source_type", "extracted");
            boolean fromMetadata = false;
            switch (sourceType) {
                case "extracted" -> {}
                case "structured_metadata" -> fromMetadata = true;
                default ->
                    a.error(
                            "source_type",
                            "source_type must be 'extracted' or 'structured_metadata', got '" + sourceType + "'");
            }
            if (!a.has("values")) {
                a.error("values", "values is required: a map of label name to extracted name");
            }
            if (!a.finish()) {
                return null;
            }
            boolean m = fromMetadata;
            return a.build(() -> new Config(values, m));
        }

        @Override
        public String stageName() {
            return "labels";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new LabelsStage(this);
        }
    }

    private final String[] names;
    private final String[] sources;
    private final boolean fromMetadata;

    private LabelsStage(Config config) {
        names = config.values().keySet().toArray(new String[0]);
        sources = config.values().values().toArray(new String[0]);
        fromMetadata = config.fromMetadata();
    }

    @Override
    public void process(Entry entry, Emitter out) {
        FieldMap from = fromMetadata ? entry.metadata() : entry.extracted();
        for (int i = 0; i < names.length; i++) {
            String v = from.get(sources[i]);
            if (v != null) {
                entry.labels().put(names[i], v);
            }
        }
        out.emit(entry);
    }
}
