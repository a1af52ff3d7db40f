package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.LabelMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.Map;

/**
 * {@code structured_metadata}: adds structured metadata from extracted values ({@code values}, same
 * shape as {@code labels}) and from extracted names matching {@code regex}. As in Alloy, a stream
 * label named as a source (or matching {@code regex}) moves: it becomes structured metadata and
 * stops being a label (how the Plex pipeline turns the {@code filename} label into metadata).
 * Setting a name twice keeps one value (Alloy would send it twice).
 */
final class StructuredMetadataStage implements Stage {
    record Config(Map<String, String> values, Pattern regex) implements StageConfig {
        Config {
            values = values == null ? Map.of() : LabelNames.namesToSources("values", values);
            if (values.isEmpty() && regex == null) {
                throw new InvalidFieldException("values", "values or regex is required");
            }
        }

        static Config parse(StageArgs a) {
            Map<String, String> values = a.stringMap("values");
            String regex = a.string("regex");
            if (!a.finish()) {
                return null;
            }
            return a.build(() ->
                    new Config(values, regex == null || regex.isEmpty() ? null : Regexes.compile("regex", regex)));
        }

        @Override
        public String stageName() {
            return "structured_metadata";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new StructuredMetadataStage(this);
        }
    }

    private final String[] names;
    private final String[] sources;
    private final Matcher regex;

    private StructuredMetadataStage(Config config) {
        names = config.values().keySet().toArray(new String[0]);
        sources = config.values().values().toArray(new String[0]);
        regex = config.regex() == null ? null : config.regex().matcher("");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        FieldMap extracted = entry.extracted();
        FieldMap metadata = entry.metadata();
        for (int i = 0; i < names.length; i++) {
            int at = extracted.indexOf(sources[i]);
            if (at >= 0 && extracted.value(at) != null) {
                metadata.put(names[i], extracted.value(at), extracted.utf8Length(at));
            }
        }
        if (regex != null) {
            for (int i = 0; i < extracted.size(); i++) {
                // names come from the data here (e.g. logfmt's http.method): keep only those Loki accepts
                if (regex.reset(extracted.name(i)).find() && dev.ferry.loki.Labels.isValidName(extracted.name(i))) {
                    metadata.put(extracted.name(i), extracted.value(i));
                }
            }
        }
        LabelMap labels = entry.labels();
        for (int i = 0; i < names.length; i++) {
            String v = labels.get(sources[i]);
            if (v != null) {
                metadata.put(names[i], v);
                labels.remove(sources[i]);
            }
        }
        if (regex != null) {
            for (int i = labels.size() - 1; i >= 0; i--) {
                if (regex.reset(labels.name(i)).find() && dev.ferry.loki.Labels.isValidName(labels.name(i))) {
                    metadata.put(labels.name(i), labels.value(i));
                    labels.removeAt(i);
                }
            }
        }
        out.emit(entry);
    }
}
