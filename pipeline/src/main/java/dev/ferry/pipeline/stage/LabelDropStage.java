package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.List;

/** {@code label_drop}: removes the named labels ({@code values: [filename]}). */
final class LabelDropStage implements Stage {
    record Config(List<String> values) implements StageConfig {
        Config {
            if (values == null || values.isEmpty()) {
                throw new InvalidFieldException("values", "values is required: a list of label names to drop");
            }
            values = List.copyOf(values);
        }

        static Config parse(StageArgs a) {
            List<String> values = a.stringList("values");
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(values));
        }

        @Override
        public String stageName() {
            return "label_drop";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new LabelDropStage(values.toArray(new String[0]));
        }
    }

    private final String[] names;

    private LabelDropStage(String[] names) {
        this.names = names;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        for (String name : names) {
            entry.labels().remove(name);
        }
        out.emit(entry);
    }
}
