package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.format.JsonString;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code pack}: replaces the line with a JSON object holding the values of {@code labels} and the
 * original line under {@code _entry}, and removes those names from the stream's labels, so that
 * fewer streams reach Loki (LogQL's {@code | unpack} restores them):
 *
 * <pre>
 * - pack: {labels: [pod, container], ingest_timestamp: true}
 * # line `GET /x 200` with pod=api-1, container=web becomes
 * # {"container":"web","pod":"api-1","_entry":"GET /x 200"}
 * </pre>
 *
 * <p>As in Alloy, the values are looked up among the extracted values (which start as a copy of the
 * labels, so a label can be packed, and so can a value a parsing stage extracted); names not found
 * are left out; keys are sorted and strings escaped as Go's JSON encoder does ({@code <}, {@code >},
 * {@code &} as {@code \u003c}, …). With {@code ingest_timestamp} (the default) the entry's timestamp
 * becomes the time it was packed, since the line now carries entries of several former streams whose
 * own timestamps could arrive out of order in the one stream left.
 */
final class PackStage implements Stage {
    private static final String ENTRY_KEY = "_entry";

    record Config(List<String> labels, boolean ingestTimestamp) implements StageConfig {
        Config {
            if (labels == null) {
                throw new InvalidFieldException("labels", "labels is required: the names to pack into the line");
            }
            for (String l : labels) {
                if (l.isEmpty()) {
                    throw new InvalidFieldException("labels", "labels: a name must not be empty");
                }
            }
            labels = List.copyOf(new TreeSet<>(labels)); // sorted as the JSON keys are written, without repeats
        }

        static Config parse(StageArgs a) {
            List<String> labels = a.stringList("labels");
            if (!a.has("labels")) {
                a.error("labels", "labels is required: the names to pack into the line");
            }
            boolean ingest = a.bool("ingest_timestamp", true);
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(labels, ingest));
        }

        @Override
        public String stageName() {
            return "pack";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new PackStage(this, context);
        }
    }

    private final String[] names;
    private final boolean ingestTimestamp;
    private final TimeSource time;
    private final StringBuilder json = new StringBuilder(256);

    private PackStage(Config config, StageContext context) {
        this.names = config.labels().toArray(new String[0]);
        this.ingestTimestamp = config.ingestTimestamp();
        this.time = context.time();
    }

    @Override
    public void process(Entry entry, Emitter out) {
        FieldMap extracted = entry.extracted();
        StringBuilder sb = json;
        sb.setLength(0);
        sb.append('{');
        for (String name : names) {
            String value = extracted.get(name);
            if (value != null) {
                JsonString.append(name, sb);
                sb.append(':');
                JsonString.append(value, sb);
                sb.append(',');
                entry.labels().remove(name);
            }
        }
        sb.append('"').append(ENTRY_KEY).append("\":");
        JsonString.append(entry.line(), sb);
        sb.append('}');
        entry.setLine(sb.toString());
        if (ingestTimestamp) {
            entry.setTimestamp(time.epochNanos());
        }
        out.emit(entry);
    }
}
