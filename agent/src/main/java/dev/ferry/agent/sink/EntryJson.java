package dev.ferry.agent.sink;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.StructuredMetadata;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * One entry as a JSON line, the format of {@code ferry process} and the echo sink:
 * {@code {"timestamp":"2026-01-27T12:39:48.421Z","labels":{…},"structured_metadata":{…},"line":"…"}}.
 */
public final class EntryJson {
    private static final JsonFactory JSON = new JsonFactory();

    private EntryJson() {}

    public static String format(Labels labels, LogEntry entry) {
        StringWriter out = new StringWriter(entry.line().length() + 128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("timestamp", timestamp(entry.timestamp()));
            g.writeObjectFieldStart("labels");
            for (int i = 0; i < labels.size(); i++) {
                g.writeStringField(labels.name(i), labels.value(i));
            }
            g.writeEndObject();
            g.writeObjectFieldStart("structured_metadata");
            StructuredMetadata md = entry.metadata();
            for (int i = 0; i < md.size(); i++) {
                g.writeStringField(md.name(i), md.value(i));
            }
            g.writeEndObject();
            g.writeStringField("line", entry.line());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** RFC 3339 in UTC with as many fractional digits as needed (none, 3, 6 or 9). */
    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
