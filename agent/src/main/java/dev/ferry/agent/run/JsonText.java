package dev.ferry.agent.run;

import dev.ferry.pipeline.format.JsonString;
import java.util.List;
import java.util.Map;

/**
 * Writes the status report's tree (maps, lists, strings, numbers, booleans, null) as indented JSON.
 * Done by hand because a JSON binding here would be ~450 classes loaded at every start (and kept
 * in the AOT cache) for a page that is rarely asked for.
 */
final class JsonText {
    private JsonText() {}

    /** {@code value} as JSON, two spaces per level, one field or item per line. */
    static String indented(Object value) {
        StringBuilder sb = new StringBuilder(1024);
        write(value, 0, sb);
        return sb.toString();
    }

    private static void write(Object value, int depth, StringBuilder sb) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                sb.append(first ? "\n" : ",\n");
                first = false;
                indent(depth + 1, sb);
                JsonString.append(String.valueOf(e.getKey()), sb);
                sb.append(": ");
                write(e.getValue(), depth + 1, sb);
            }
            sb.append('\n');
            indent(depth, sb);
            sb.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "\n" : ",\n");
                indent(depth + 1, sb);
                write(list.get(i), depth + 1, sb);
            }
            sb.append('\n');
            indent(depth, sb);
            sb.append(']');
        } else if (value instanceof String s) {
            JsonString.append(s, sb);
        } else if (value instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
        } else if (value instanceof Number || value instanceof Boolean) {
            sb.append(value);
        } else if (value == null) {
            sb.append("null");
        } else {
            JsonString.append(value.toString(), sb);
        }
    }

    private static void indent(int depth, StringBuilder sb) {
        sb.repeat("  ", depth);
    }
}
