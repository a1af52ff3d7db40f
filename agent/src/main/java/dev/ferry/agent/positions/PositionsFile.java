package dev.ferry.agent.positions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The text of {@code positions.yaml}, version 1:
 *
 * <pre>
 * version: 1
 * sources:
 *   plex:
 *   - key: "2049:131077"
 *     position: 18244
 *     aux: 0
 *     seen: "2026-01-27T12:39:48Z"
 *     attributes: {path: "/var/log/plex/Plex Media Server.log", fingerprint: "1024:3a9f0c12"}
 * </pre>
 *
 * Reading checks every field and names the first bad one; anything else is the caller's to decide.
 */
final class PositionsFile {
    static final int VERSION = 1;
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private PositionsFile() {}

    /** Source name → key → position, as written. */
    static String write(Map<String, Map<String, SavedPosition>> sources) {
        ObjectNode root = YAML.createObjectNode();
        root.put("version", VERSION);
        ObjectNode sourcesNode = root.putObject("sources");
        for (Map.Entry<String, Map<String, SavedPosition>> source : new TreeMap<>(sources).entrySet()) {
            ArrayNode targets = sourcesNode.putArray(source.getKey());
            for (SavedPosition p : new TreeMap<>(source.getValue()).values()) {
                ObjectNode t = targets.addObject();
                t.put("key", p.key());
                t.put("position", p.position());
                if (p.aux() != 0) {
                    t.put("aux", p.aux());
                }
                t.put("seen", Instant.ofEpochMilli(p.seenMillis()).toString());
                if (!p.attributes().isEmpty()) {
                    ObjectNode attributes = t.putObject("attributes");
                    new TreeMap<>(p.attributes()).forEach(attributes::put);
                }
            }
        }
        try {
            return "# Ferry positions: where each source resumes. Rewritten by Ferry as Loki acknowledges lines.\n"
                    + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot render positions", e); // a tree of strings and numbers always renders
        }
    }

    /**
     * Parses the file's text.
     *
     * @param seenDefault used for targets without {@code seen}
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static Map<String, Map<String, SavedPosition>> read(String text, long seenDefault) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with 'version' and 'sources'");
        }
        JsonNode version = root.get("version");
        if (version == null || !version.canConvertToInt()) {
            throw new IllegalArgumentException("version: missing or not a number");
        }
        if (version.intValue() != VERSION) {
            throw new IllegalArgumentException("version: " + version.asText() + " is not supported (this Ferry reads "
                    + VERSION + "; written by another Ferry version?)");
        }
        Map<String, Map<String, SavedPosition>> result = new TreeMap<>();
        JsonNode sources = root.get("sources");
        if (sources == null || sources.isNull()) {
            return result;
        }
        if (!sources.isObject()) {
            throw new IllegalArgumentException("sources: expected a mapping of source name to targets");
        }
        for (Map.Entry<String, JsonNode> source : sources.properties()) {
            String where = "sources." + source.getKey();
            JsonNode targets = source.getValue();
            Map<String, SavedPosition> byKey = new TreeMap<>();
            if (targets != null && !targets.isNull()) {
                if (!targets.isArray()) {
                    throw new IllegalArgumentException(where + ": expected a list of targets");
                }
                for (int i = 0; i < targets.size(); i++) {
                    SavedPosition p = target(targets.get(i), where + "[" + i + "]", seenDefault);
                    byKey.put(p.key(), p);
                }
            }
            result.put(source.getKey(), byKey);
        }
        return result;
    }

    private static SavedPosition target(JsonNode t, String where, long seenDefault) {
        if (!t.isObject()) {
            throw new IllegalArgumentException(where + ": expected a mapping with key and position");
        }
        JsonNode key = t.get("key");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw new IllegalArgumentException(where + ".key: missing or not a string");
        }
        long position = whole(t.get("position"), where + ".position", true);
        long aux = t.has("aux") ? whole(t.get("aux"), where + ".aux", false) : 0;
        long seen = seenDefault;
        JsonNode seenNode = t.get("seen");
        if (seenNode != null && !seenNode.isNull()) {
            try {
                seen = Instant.parse(seenNode.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ".seen: not an ISO-8601 instant: " + seenNode.asText());
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        JsonNode attrs = t.get("attributes");
        if (attrs != null && !attrs.isNull()) {
            if (!attrs.isObject()) {
                throw new IllegalArgumentException(where + ".attributes: expected a mapping of strings");
            }
            for (Map.Entry<String, JsonNode> a : attrs.properties()) {
                if (!a.getValue().isValueNode() || a.getValue().isNull()) {
                    throw new IllegalArgumentException(where + ".attributes." + a.getKey() + ": expected a string");
                }
                attributes.put(a.getKey(), a.getValue().asText());
            }
        }
        return new SavedPosition(key.asText(), position, aux, attributes, seen);
    }

    private static long whole(JsonNode n, String where, boolean nonNegative) {
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": missing or not a whole number");
        }
        long v = n.longValue();
        if (nonNegative && v < 0) {
            throw new IllegalArgumentException(where + ": must not be negative, got " + v);
        }
        return v;
    }
}
