package dev.ferry.pipeline.stage;

import com.google.re2j.Pattern;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code logfmt}: reads the line (or the extracted value {@code source}) as logfmt ({@code level=info
 * msg="hello world" duration=1.2s}) and extracts the keys {@code mapping} names (extracted name →
 * logfmt key; an empty key means the name itself), and, with {@code regex}, every key the RE2
 * expression matches, under its own name.
 *
 * <pre>
 * - logfmt:
 *     mapping: {level: "", msg: "", took: duration}
 *     source: payload   # optional: an extracted value instead of the line
 * </pre>
 *
 * <p>Parses as Alloy's decoder (go-logfmt as Promtail 3.4 ships it) does: a key without {@code =}, or
 * with nothing after it, has the value ""; a quoted value may hold JSON escapes ({@code \"}, {@code
 * \\}, {@code \n}, {@code \u00e9}, …); the last of repeated keys wins; each {@code \n}-separated
 * record is read in turn. At a syntax error ({@code k==v}, an unterminated quote, a quote inside a
 * key or a bare value, a bad escape) reading stops: the values found before it stay extracted, as
 * in Alloy, and the line is counted (reason {@code malformed_logfmt}, not logged). Plain text is
 * valid logfmt made of keys without values, so it simply extracts nothing. Unlike Go's line scanner,
 * records longer than 64 KiB are read too.
 */
final class LogfmtStage implements Stage {
    record Config(Map<String, String> mapping, String source, Pattern regex) implements StageConfig {
        Config {
            if ((mapping == null || mapping.isEmpty()) && regex == null) {
                throw new InvalidFieldException(
                        "mapping", "mapping is required: a map of extracted name to logfmt key (or give regex)");
            }
            Map<String, String> normalized = new LinkedHashMap<>();
            if (mapping != null) {
                for (Map.Entry<String, String> e : mapping.entrySet()) {
                    if (e.getKey().isEmpty()) {
                        throw new InvalidFieldException("mapping", "mapping: an extracted name must not be empty");
                    }
                    String key = e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getValue();
                    normalized.put(e.getKey(), key);
                }
            }
            mapping = Collections.unmodifiableMap(normalized);
            if (source != null && source.isEmpty()) {
                throw new InvalidFieldException("source", "source must not be empty (leave it out to read the line)");
            }
        }

        static Config parse(StageArgs a) {
            Map<String, String> mapping = a.stringMap("mapping");
            String source = a.string("source");
            String regex = a.string("regex");
            if (mapping == null && regex == null) {
                a.error("mapping", "mapping is required: a map of extracted name to logfmt key (or give regex)");
            }
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(
                    mapping, source, regex == null || regex.isEmpty() ? null : Regexes.compile("regex", regex)));
        }

        @Override
        public String stageName() {
            return "logfmt";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new LogfmtStage(this, context);
        }
    }

    private final String source;
    /** Distinct logfmt keys, and for each the extracted names it goes to. */
    private final String[] keys;

    private final String[][] targets;
    private final Pattern regex;
    private final ProblemCounter malformed;
    private final StringBuilder unescaped = new StringBuilder(64);

    // the parser's state for the line being read
    private String in;
    private int pos;
    private int valueStart;
    private int valueEnd; // valueStart == -1: the value is in `unescaped`

    private LogfmtStage(Config config, StageContext context) {
        this.source = config.source();
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        config.mapping()
                .forEach((name, key) ->
                        byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(name));
        this.keys = byKey.keySet().toArray(new String[0]);
        this.targets =
                byKey.values().stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
        this.regex = config.regex();
        this.malformed = context.quietProblems("malformed_logfmt");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String input = source == null ? entry.line() : entry.extracted().get(source);
        if (input != null && !extract(input, entry.extracted())) {
            malformed.report(null);
        }
        out.emit(entry);
    }

    /** Extracts what the line holds; false at a syntax error (what came before it stays extracted). */
    private boolean extract(String s, FieldMap extracted) {
        in = s;
        try {
            int recordStart = 0;
            while (recordStart < s.length()) {
                int nl = s.indexOf('\n', recordStart);
                int next = nl < 0 ? s.length() : nl + 1;
                int end = nl < 0 ? s.length() : nl;
                if (end > recordStart && s.charAt(end - 1) == '\r') {
                    end--; // as Go's line scanner
                }
                if (!record(recordStart, end, extracted)) {
                    return false;
                }
                recordStart = next;
            }
            return true;
        } finally {
            in = null;
        }
    }

    private boolean record(int from, int end, FieldMap extracted) {
        pos = from;
        while (true) {
            while (pos < end && in.charAt(pos) <= ' ') {
                pos++;
            }
            if (pos >= end) {
                return true;
            }
            int keyStart = pos;
            int keyEnd = -1;
            boolean hasValue = false;
            while (pos < end) {
                char c = in.charAt(pos);
                if (c == '=') {
                    if (pos == keyStart) {
                        return false; // "=v": a value without a key
                    }
                    keyEnd = pos;
                    hasValue = true;
                    break;
                } else if (c == '"') {
                    return false;
                } else if (c <= ' ') {
                    break;
                }
                pos++;
            }
            if (keyEnd < 0) {
                keyEnd = pos;
            }
            if (in.indexOf('\uFFFD', keyStart) >= 0 && in.indexOf('\uFFFD', keyStart) < keyEnd) {
                return false; // Go refuses a key that is not valid UTF-8
            }
            valueStart = valueEnd = 0;
            if (hasValue && !value(end)) {
                return false;
            }
            store(keyStart, keyEnd, extracted);
        }
    }

    /** Reads the value after the '=' at {@code pos}; false at a syntax error. */
    private boolean value(int end) {
        pos++;
        if (pos >= end || in.charAt(pos) <= ' ') {
            return true; // "k=": empty value
        }
        if (in.charAt(pos) == '"') {
            return quoted(end);
        }
        int start = pos;
        while (pos < end) {
            char c = in.charAt(pos);
            if (c == '=' || c == '"') {
                return false;
            }
            if (c <= ' ') {
                break;
            }
            pos++;
        }
        valueStart = start;
        valueEnd = pos;
        return true;
    }

    private boolean quoted(int end) {
        int open = pos;
        boolean hasEscape = false;
        boolean escaped = false;
        for (int i = open + 1; i < end; i++) {
            char c = in.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                hasEscape = escaped = true;
            } else if (c == '"') {
                pos = i + 1;
                if (!hasEscape) {
                    valueStart = open + 1;
                    valueEnd = i;
                    return true;
                }
                valueStart = -1;
                return unescape(open + 1, i);
            }
        }
        pos = end;
        return false; // unterminated
    }

    /** Go's JSON string unquoting of {@code in[from, to)} into {@link #unescaped}; false when invalid. */
    private boolean unescape(int from, int to) {
        StringBuilder b = unescaped;
        b.setLength(0);
        int i = from;
        while (i < to) {
            char c = in.charAt(i);
            if (c < ' ') {
                return false; // a raw control character is invalid once the value has escapes
            }
            if (c != '\\') {
                b.append(c);
                i++;
                continue;
            }
            if (i + 1 >= to) {
                return false;
            }
            char e = in.charAt(i + 1);
            i += 2;
            switch (e) {
                case '"', '\\', '/', '\'' -> b.append(e);
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'n' -> b.append('\n');
                case 'r' -> b.append('\r');
                case 't' -> b.append('\t');
                case 'u' -> {
                    int r = hex4(i - 2, to);
                    if (r < 0) {
                        return false;
                    }
                    i += 4;
                    if (Character.isSurrogate((char) r)) {
                        int low = hex4(i, to);
                        if (Character.isHighSurrogate((char) r) && low >= 0 && Character.isLowSurrogate((char) low)) {
                            b.append((char) r).append((char) low);
                            i += 6;
                        } else {
                            b.append('\uFFFD');
                        }
                    } else {
                        b.append((char) r);
                    }
                }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    /** The value of {@code \\uXXXX} at {@code at}, or -1. */
    private int hex4(int at, int to) {
        if (at + 6 > to || in.charAt(at) != '\\' || in.charAt(at + 1) != 'u') {
            return -1;
        }
        int r = 0;
        for (int i = at + 2; i < at + 6; i++) {
            int d = Character.digit(in.charAt(i), 16);
            if (d < 0 || in.charAt(i) > 'f') {
                return -1;
            }
            r = r * 16 + d;
        }
        return r;
    }

    private void store(int keyStart, int keyEnd, FieldMap extracted) {
        int keyLength = keyEnd - keyStart;
        String value = null;
        for (int k = 0; k < keys.length; k++) {
            String key = keys[k];
            if (key.length() == keyLength && in.regionMatches(keyStart, key, 0, keyLength)) {
                value = currentValue();
                for (String name : targets[k]) {
                    extracted.put(name, value);
                }
            }
        }
        if (regex != null) {
            String key = in.substring(keyStart, keyEnd);
            if (regex.matcher(key).find()) {
                extracted.put(key, value != null ? value : currentValue());
            }
        }
    }

    private String currentValue() {
        if (valueStart < 0) {
            return unescaped.toString();
        }
        return valueStart == valueEnd ? "" : in.substring(valueStart, valueEnd);
    }
}
