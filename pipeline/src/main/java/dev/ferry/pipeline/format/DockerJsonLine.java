package dev.ferry.pipeline.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.io.IOException;

/**
 * One line of Docker's json-file log format: {@code {"log":"text\n","stream":"stdout","time":"…"}}.
 * Read as Alloy's docker stage reads it (Go's encoding/json into a struct): any JSON object is
 * accepted, keys match case-insensitively, unknown keys and null values are ignored, a missing field
 * is empty; the {@code log} text keeps its trailing newline.
 *
 * @param log the log text
 * @param stream "stdout" or "stderr" (as written; empty when absent)
 * @param time the raw timestamp (RFC 3339 with nanoseconds)
 */
public record DockerJsonLine(String log, String stream, String time) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final GoTimeFormat RFC3339_NANO = GoTimeFormat.compile("RFC3339Nano", null);

    /** The parsed line, or null when {@code line} is not a JSON object with string fields. */
    public static DockerJsonLine parse(String line) {
        if (line.isEmpty()) {
            return null;
        }
        String log = "";
        String stream = "";
        String time = "";
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int field = name.equalsIgnoreCase("log")
                        ? 1
                        : name.equalsIgnoreCase("stream") ? 2 : name.equalsIgnoreCase("time") ? 3 : 0;
                if (field == 0) {
                    p.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.VALUE_STRING) {
                    return null; // Go: cannot unmarshal a number/object into a string field
                }
                String text = p.getText();
                switch (field) {
                    case 1 -> log = text;
                    case 2 -> stream = text;
                    default -> time = text;
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return new DockerJsonLine(log, stream, time);
    }

    /** The timestamp in epoch nanoseconds, or {@link GoTimeFormat#FAILED}. */
    public long epochNanos() {
        return RFC3339_NANO.parse(time, 0);
    }
}
