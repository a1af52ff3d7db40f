package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.LabelMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.List;
import java.util.Set;

/** {@code label_keep}: removes every label not named ({@code values: [namespace, app]}). */
final class LabelKeepStage implements Stage {
    record Config(List<String> values) implements StageConfig {
        Config {
            if (values == null || values.isEmpty()) {
                throw new InvalidFieldException("values", "values is required: a list of label names to keep");
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
            return "label_keep";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new LabelKeepStage(Set.copyOf(values));
        }
    }

    private final Set<String> keep;

    private LabelKeepStage(Set<String> keep) {
        this.keep = keep;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        LabelMap labels = entry.labels();
        for (int i = labels.size() - 1; i >= 0; i--) {
            if (!keep.contains(labels.name(i))) {
                labels.removeAt(i);
            }
        }
        out.emit(entry);
    }
}
