package dev.ferry.pipeline.stage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.pipeline.Dropper;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import io.burt.jmespath.Expression;
import io.burt.jmespath.jackson.JacksonRuntime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code json}: reads the line (or the extracted value {@code source}) as a JSON object and extracts
 * one value per entry of {@code expressions} (name → JMESPath expression; an empty expression means
 * the name itself). Strings are taken as they are, numbers as Go prints a float64 ({@code 30},
 * {@code 1706359188421}, {@code 1.5}), booleans as {@code true}/{@code false}, objects and arrays as
 * compact JSON with sorted keys (as Go marshals them); a null or missing value removes the name from the extracted values (Alloy sets it to
 * nil, which every later stage treats as absent).
 *
 * <p>A line that is not a JSON object passes through untouched, or is dropped (reason {@code
 * malformed_json}) with {@code drop_malformed: true}. When every expression is a top-level key (the
 * usual case) the line is read in one pass without building a tree.
 */
final class JsonStage implements Stage {
    /*
     * The JMESPath runtime and the JSON tree reader, made on first use: a pipeline whose expressions
     * are all top-level keys (the usual case) never loads JMESPath's parser, which costs about a
     * tenth of a CPU-second and 300 classes at start-up.
     */
    private static final class Jmes {
        static final JacksonRuntime RUNTIME = new JacksonRuntime();
    }

    private static final class Tree {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    record Config(Map<String, String> expressions, String source, boolean dropMalformed) implements StageConfig {
        Config {
            if (expressions == null || expressions.isEmpty()) {
                throw new InvalidFieldException(
                        "expressions", "expressions is required: a map of extracted name to JMESPath expression");
            }
            Map<String, String> normalized = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : expressions.entrySet()) {
                String expr = e.getValue() == null || e.getValue().isEmpty() ? e.getKey() : e.getValue();
                try {
                    if (topLevelKey(expr) == null) {
                        Jmes.RUNTIME.compile(expr);
                    }
                } catch (RuntimeException ex) {
                    throw new InvalidFieldException(
                            "expressions",
                            e.getKey(),
                            "expressions." + e.getKey() + ": '" + expr + "' is not a JMESPath expression: "
                                    + ex.getMessage());
                }
                normalized.put(e.getKey(), expr);
            }
            expressions = java.util.Collections.unmodifiableMap(normalized);
            if (source != null && source.isEmpty()) {
                throw new InvalidFieldException("source", "source must not be empty (leave it out to read the line)");
            }
        }

        static Config parse(StageArgs a) {
            Map<String, String> expressions = a.stringMap("expressions");
            if (!a.has("expressions")) {
                a.error("expressions", "expressions is required: a map of extracted name to JMESPath expression");
            }
            String source = a.string("source");
            boolean dropMalformed = a.bool("drop_malformed", false);
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(expressions, source, dropMalformed));
        }

        @Override
        public String stageName() {
            return "json";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new JsonStage(this, context);
        }
    }

    private final String source;
    private final String[] names;
    private final String[] keys; // the top-level key each expression names, or null
    private final JsonFields fast; // null when an expression is more than a top-level key
    private final Expression<JsonNode>[] expressions; // null where keys[i] is set
    private final Dropper malformedDropper;
    private final ProblemCounter notJson;

    @SuppressWarnings("unchecked")
    private JsonStage(Config config, StageContext context) {
        this.source = config.source();
        this.names = config.expressions().keySet().toArray(new String[0]);
        this.keys = new String[names.length];
        boolean allKeys = true;
        this.expressions = new Expression[names.length];
        int i = 0;
        for (String expr : config.expressions().values()) {
            keys[i] = topLevelKey(expr);
            expressions[i] = keys[i] == null ? Jmes.RUNTIME.compile(expr) : null;
            allKeys &= keys[i] != null;
            i++;
        }
        this.fast = allKeys ? new JsonFields(keys) : null;
        this.malformedDropper = config.dropMalformed() ? context.dropper("malformed_json") : null;
        this.notJson = context.quietProblems("not_json");
    }

    /** The key a JMESPath expression names when it is just an identifier ({@code level}, {@code "log-level"}), else null. */
    static String topLevelKey(String expr) {
        if (expr.isEmpty()) {
            return null;
        }
        char c0 = expr.charAt(0);
        if (c0 == '"' && expr.length() >= 2 && expr.endsWith("\"")) {
            String inner = expr.substring(1, expr.length() - 1);
            return inner.indexOf('\\') < 0 && inner.indexOf('"') < 0 ? inner : null;
        }
        if (!(Character.isLetter(c0) && c0 < 128 || c0 == '_')) {
            return null;
        }
        for (int i = 1; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (!(c < 128 && (Character.isLetterOrDigit(c) || c == '_'))) {
                return null;
            }
        }
        return expr;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String input = source == null ? entry.line() : entry.extracted().get(source);
        if (input == null) {
            out.emit(entry);
            return;
        }
        boolean ok;
        if (fast != null) {
            // a line the source knew to be ASCII (UTF-8 length = length) needs no encoder pass
            int result = source == null && entry.lineUtf8Length() == input.length()
                    ? fast.scanAscii(input)
                    : fast.scan(input);
            if (result == JsonFields.OK) {
                FieldMap extracted = entry.extracted();
                for (int i = 0; i < names.length; i++) {
                    String v = fast.value(i);
                    if (v != null) {
                        extracted.put(names[i], v, fast.utf8Length(i));
                    } else {
                        extracted.remove(names[i]);
                    }
                }
                ok = true;
            } else if (result == JsonFields.NEEDS_TREE) {
                ok = viaTree(input, entry.extracted());
            } else {
                ok = false;
            }
        } else {
            ok = viaTree(input, entry.extracted());
        }
        if (ok) {
            out.emit(entry);
        } else if (malformedDropper != null) {
            malformedDropper.drop(entry);
        } else {
            notJson.report(null);
            out.emit(entry);
        }
    }

    private boolean viaTree(String input, FieldMap extracted) {
        JsonNode root;
        try {
            root = Tree.MAPPER.readTree(input);
        } catch (JsonProcessingException e) {
            return false;
        }
        if (root == null || !root.isObject() || hasInfinity(root)) {
            return false; // Go's decoder refuses numbers beyond float64
        }
        for (int i = 0; i < names.length; i++) {
            // a top-level key is what JMESPath's identifier evaluates to on an object
            JsonNode r = keys[i] != null ? root.get(keys[i]) : expressions[i].search(root);
            String v = text(r);
            if (v != null) {
                extracted.put(names[i], v);
            } else {
                extracted.remove(names[i]);
            }
        }
        return true;
    }

    private static boolean hasInfinity(JsonNode node) {
        if (node.isNumber()) {
            return Double.isInfinite(node.doubleValue());
        }
        for (JsonNode child : node) {
            if (hasInfinity(child)) {
                return true;
            }
        }
        return false;
    }

    private static String text(JsonNode r) {
        if (r == null || r.isNull() || r.isMissingNode()) {
            return null;
        }
        if (r.isTextual()) {
            return r.textValue();
        }
        if (r.isNumber()) {
            return GoNumbers.format(r.doubleValue());
        }
        if (r.isBoolean()) {
            return r.booleanValue() ? "true" : "false";
        }
        return GoJson.write(r);
    }
}
