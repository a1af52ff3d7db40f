package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;

/**
 * {@code output}: the line becomes the extracted value {@code source}; an entry without that value
 * keeps its line (Alloy's behaviour).
 */
final class OutputStage implements Stage {
    record Config(String source) implements StageConfig {
        Config {
            if (source == null || source.isEmpty()) {
                throw new InvalidFieldException(
                        "source", "source is required: the extracted value that becomes the line");
            }
        }

        static Config parse(StageArgs a) {
            String source = a.requiredString("source");
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(source));
        }

        @Override
        public String stageName() {
            return "output";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new OutputStage(source);
        }
    }

    private final String source;

    private OutputStage(String source) {
        this.source = source;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        FieldMap extracted = entry.extracted();
        int i = extracted.indexOf(source);
        if (i >= 0 && extracted.value(i) != null) {
            entry.setLine(extracted.value(i), extracted.utf8Length(i));
        }
        out.emit(entry);
    }
}
