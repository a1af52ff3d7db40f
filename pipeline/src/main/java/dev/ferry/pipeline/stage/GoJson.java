package dev.ferry.pipeline.stage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.pipeline.format.JsonString;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a JSON value as Go's {@code json.Marshal} writes a decoded value, which is what Alloy and
 * Promtail extract for an object or array: compact, object keys sorted, numbers as float64 text,
 * and {@code <}, {@code >}, {@code &}, U+2028 and U+2029 escaped.
 */
final class GoJson {
    private GoJson() {}

    static String write(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode node, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                fields.add(it.next());
            }
            fields.sort(Map.Entry.comparingByKey());
            sb.append('{');
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                JsonString.append(fields.get(i).getKey(), sb);
                sb.append(':');
                write(fields.get(i).getValue(), sb);
            }
            sb.append('}');
        } else if (node.isArray()) {
            sb.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(node.get(i), sb);
            }
            sb.append(']');
        } else if (node.isTextual()) {
            JsonString.append(node.textValue(), sb);
        } else if (node.isNumber()) {
            sb.append(GoNumbers.format(node.doubleValue()));
        } else if (node.isBoolean()) {
            sb.append(node.booleanValue() ? "true" : "false");
        } else {
            sb.append("null");
        }
    }
}
