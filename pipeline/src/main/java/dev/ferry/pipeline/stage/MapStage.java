package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code map} (Ferry's own; Alloy has no such stage): replaces the extracted value {@code source}
 * by the value {@code values} gives for it; a value not listed is kept as it is, and a missing
 * source changes nothing. {@code target} (default: {@code source}) names where the result goes.
 * This is how pino's numeric levels become names, instead of a chain of six {@code replace} or one
 * long {@code template}:
 *
 * <pre>
 * - map:
 *     source: level
 *     values: {"10": trace, "20": debug, "30": info, "40": warn, "50": error, "60": fatal}
 * </pre>
 *
 * Instead of {@code values}, {@code preset: pino_levels} gives exactly that table.
 */
final class MapStage implements Stage {
    static final Map<String, String> PINO_LEVELS =
            Map.of("10", "trace", "20", "debug", "30", "info", "40", "warn", "50", "error", "60", "fatal");

    record Config(String source, String target, Map<String, String> values) implements StageConfig {
        Config {
            if (source == null || source.isEmpty()) {
                throw new InvalidFieldException("source", "source is required: the extracted value to map");
            }
            if (target == null || target.isEmpty()) {
                target = source;
            }
            if (values == null || values.isEmpty()) {
                throw new InvalidFieldException(
                        "values", "values is required: a map of value to replacement (or preset: pino_levels)");
            }
            values = Map.copyOf(values);
        }

        static Config parse(StageArgs a) {
            String source = a.requiredString("source");
            String target = a.string("target");
            Map<String, String> values = a.stringMap("values");
            String preset = a.string("preset");
            if (preset != null) {
                if (!preset.equals("pino_levels")) {
                    a.error("preset", "preset must be 'pino_levels', got '" + preset + "'");
                } else if (values != null) {
                    a.error("preset", "give either preset or values, not both");
                } else {
                    values = PINO_LEVELS;
                }
            }
            if (!a.finish()) {
                return null;
            }
            Map<String, String> v = values;
            return a.build(() -> new Config(source, target, v));
        }

        @Override
        public String stageName() {
            return "map";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new MapStage(this);
        }
    }

    private final String source;
    private final String target;
    private final HashMap<String, String> values;

    private MapStage(Config config) {
        this.source = config.source();
        this.target = config.target();
        this.values = new HashMap<>(config.values());
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String v = entry.extracted().get(source);
        if (v != null) {
            String mapped = values.get(v);
            entry.extracted().put(target, mapped != null ? mapped : v);
        }
        out.emit(entry);
    }
}
