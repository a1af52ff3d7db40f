package dev.ferry.agent.positions;

import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.ScalarNode;
import dev.ferry.pipeline.config.YamlLoader;
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
 *     attributes:
 *       fingerprint: "1024:3a9f0c12"
 *       path: "/var/log/plex/Plex Media Server.log"
 * </pre>
 *
 * Reading checks every field and names the first bad one; anything else is the caller's to decide.
 * The file is read with the config's YAML reader and written by hand, every value double-quoted:
 * a general YAML binding here would be ~450 classes loaded (and kept in the AOT cache) for a file
 * of strings and numbers.
 */
final class PositionsFile {
    static final int VERSION = 1;

    private PositionsFile() {}

    /** Source name → key → position, as written. */
    static String write(Map<String, Map<String, SavedPosition>> sources) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("# Ferry positions: where each source resumes. Rewritten by Ferry as Loki acknowledges lines.\n");
        sb.append("version: ").append(VERSION).append('\n');
        if (sources.isEmpty()) {
            return sb.append("sources: {}\n").toString();
        }
        sb.append("sources:\n");
        for (Map.Entry<String, Map<String, SavedPosition>> source : new TreeMap<>(sources).entrySet()) {
            sb.append("  ");
            key(source.getKey(), sb);
            if (source.getValue().isEmpty()) {
                sb.append(": []\n");
                continue;
            }
            sb.append(":\n");
            for (SavedPosition p : new TreeMap<>(source.getValue()).values()) {
                sb.append("  - key: ");
                quoted(p.key(), sb);
                sb.append("\n    position: ").append(p.position());
                if (p.aux() != 0) {
                    sb.append("\n    aux: ").append(p.aux());
                }
                sb.append("\n    seen: \"")
                        .append(Instant.ofEpochMilli(p.seenMillis()))
                        .append("\"\n");
                if (!p.attributes().isEmpty()) {
                    sb.append("    attributes:\n");
                    for (Map.Entry<String, String> a : new TreeMap<>(p.attributes()).entrySet()) {
                        sb.append("      ");
                        key(a.getKey(), sb);
                        sb.append(": ");
                        quoted(a.getValue(), sb);
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A mapping key: plain when it is made of letters, digits and {@code _ . / -} only, else quoted. */
    private static void key(String s, StringBuilder sb) {
        boolean plain = !s.isEmpty() && s.charAt(0) != '-' && s.charAt(0) != '.';
        for (int i = 0; plain && i < s.length(); i++) {
            char c = s.charAt(i);
            plain = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '_'
                    || c == '.'
                    || c == '/'
                    || c == '-';
        }
        if (plain) {
            sb.append(s);
        } else {
            quoted(s, sb);
        }
    }

    /**
     * A YAML double-quoted scalar. Escaped: quote, backslash, and every character the YAML reader
     * would refuse or fold (controls, line and paragraph separators, lone surrogates, BOM).
     */
    private static void quoted(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else if (c >= 0xa0
                    && c != 0x2028
                    && c != 0x2029
                    && c != 0xfeff
                    && c <= 0xfffd
                    && !Character.isSurrogate(c)) {
                sb.append(c);
            } else {
                sb.append("\\u");
                for (int shift = 12; shift >= 0; shift -= 4) {
                    sb.append(Character.forDigit((c >> shift) & 0xf, 16));
                }
            }
        }
        sb.append('"');
    }

    /**
     * Parses the file's text.
     *
     * @param seenDefault used for targets without {@code seen}
     * @throws IllegalArgumentException naming the field that is wrong
     */
    static Map<String, Map<String, SavedPosition>> read(String text, long seenDefault) {
        ConfigProblems problems = new ConfigProblems();
        ConfigNode root = YamlLoader.parse("positions.yaml", text, problems);
        if (problems.hasErrors()) {
            throw new IllegalArgumentException(problems.errors().get(0).toString());
        }
        if (!(root instanceof MapNode rootMap)) {
            throw new IllegalArgumentException("expected a mapping with 'version' and 'sources'");
        }
        ConfigNode version = rootMap.get("version");
        Long v = version instanceof ScalarNode s ? integer(s) : null;
        if (v == null) {
            throw new IllegalArgumentException("version: missing or not a number");
        }
        if (v != VERSION) {
            throw new IllegalArgumentException("version: " + v + " is not supported (this Ferry reads " + VERSION
                    + "; written by another Ferry version?)");
        }
        Map<String, Map<String, SavedPosition>> result = new TreeMap<>();
        ConfigNode sources = rootMap.get("sources");
        if (isNull(sources)) {
            return result;
        }
        if (!(sources instanceof MapNode sourcesMap)) {
            throw new IllegalArgumentException("sources: expected a mapping of source name to targets");
        }
        for (MapNode.Field source : sourcesMap.fields()) {
            String where = "sources." + source.key();
            Map<String, SavedPosition> byKey = new TreeMap<>();
            if (!isNull(source.value())) {
                if (!(source.value() instanceof ListNode targets)) {
                    throw new IllegalArgumentException(where + ": expected a list of targets");
                }
                for (int i = 0; i < targets.size(); i++) {
                    SavedPosition p = target(targets.get(i), where + "[" + i + "]", seenDefault);
                    byKey.put(p.key(), p);
                }
            }
            result.put(source.key(), byKey);
        }
        return result;
    }

    private static SavedPosition target(ConfigNode node, String where, long seenDefault) {
        if (!(node instanceof MapNode t)) {
            throw new IllegalArgumentException(where + ": expected a mapping with key and position");
        }
        if (!(t.get("key") instanceof ScalarNode key) || key.isNull()) {
            throw new IllegalArgumentException(where + ".key: missing or not a string");
        }
        long position = whole(t.get("position"), where + ".position", true);
        long aux = t.get("aux") == null ? 0 : whole(t.get("aux"), where + ".aux", false);
        long seen = seenDefault;
        ConfigNode seenNode = t.get("seen");
        if (!isNull(seenNode)) {
            String text = seenNode instanceof ScalarNode s ? s.text() : seenNode.describe();
            try {
                seen = Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(where + ".seen: not an ISO-8601 instant: " + text);
            }
        }
        Map<String, String> attributes = new TreeMap<>();
        ConfigNode attrs = t.get("attributes");
        if (!isNull(attrs)) {
            if (!(attrs instanceof MapNode attrMap)) {
                throw new IllegalArgumentException(where + ".attributes: expected a mapping of strings");
            }
            for (MapNode.Field a : attrMap.fields()) {
                if (!(a.value() instanceof ScalarNode value) || value.isNull()) {
                    throw new IllegalArgumentException(where + ".attributes." + a.key() + ": expected a string");
                }
                attributes.put(a.key(), value.text());
            }
        }
        return new SavedPosition(key.text(), position, aux, attributes, seen);
    }

    private static boolean isNull(ConfigNode n) {
        return n == null || (n instanceof ScalarNode s && s.isNull());
    }

    private static long whole(ConfigNode n, String where, boolean nonNegative) {
        Long v = n instanceof ScalarNode s ? integer(s) : null;
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing or not a whole number");
        }
        if (nonNegative && v < 0) {
            throw new IllegalArgumentException(where + ": must not be negative, got " + v);
        }
        return v;
    }

    /** A plain decimal integer that fits in a long, or null. */
    private static Long integer(ScalarNode s) {
        String t = s.text();
        if (!s.plain() || t.isEmpty()) {
            return null;
        }
        int start = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
        if (start == t.length()) {
            return null;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null; // beyond a long
        }
    }
}
