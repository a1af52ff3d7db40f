package dev.ferry.pipeline.gotemplate;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The functions a template may call: Go's comparison and logic built-ins, the string functions
 * Alloy's template stage adds, and a few cheap Sprig ones. Anything else is a parse error.
 */
enum Function {
    // Go built-ins
    EQ("eq", Type.BOOL, 2, true, Type.ANY),
    NE("ne", Type.BOOL, 2, false, Type.ANY, Type.ANY),
    AND("and", Type.ANY, 1, true, Type.ANY),
    OR("or", Type.ANY, 1, true, Type.ANY),
    NOT("not", Type.BOOL, 1, false, Type.ANY),
    // Alloy's additions (Go's strings package)
    TO_LOWER("ToLower", Type.STRING, 1, false, Type.STRING),
    TO_UPPER("ToUpper", Type.STRING, 1, false, Type.STRING),
    REPLACE("Replace", Type.STRING, 4, false, Type.STRING, Type.STRING, Type.STRING, Type.INT),
    TRIM("Trim", Type.STRING, 2, false, Type.STRING, Type.STRING),
    TRIM_LEFT("TrimLeft", Type.STRING, 2, false, Type.STRING, Type.STRING),
    TRIM_RIGHT("TrimRight", Type.STRING, 2, false, Type.STRING, Type.STRING),
    TRIM_PREFIX("TrimPrefix", Type.STRING, 2, false, Type.STRING, Type.STRING),
    TRIM_SUFFIX("TrimSuffix", Type.STRING, 2, false, Type.STRING, Type.STRING),
    TRIM_SPACE("TrimSpace", Type.STRING, 1, false, Type.STRING),
    HASH("Hash", Type.STRING, 2, false, Type.STRING, Type.STRING),
    SHA2_HASH("Sha2Hash", Type.STRING, 2, false, Type.STRING, Type.STRING),
    /** Ferry's alias of Sha2Hash (salt, input), the name the issue uses. */
    SHA256("Sha256", Type.STRING, 2, false, Type.STRING, Type.STRING),
    REGEX_REPLACE_ALL("regexReplaceAll", Type.STRING, 3, false, Type.STRING, Type.STRING, Type.STRING),
    REGEX_REPLACE_ALL_LITERAL("regexReplaceAllLiteral", Type.STRING, 3, false, Type.STRING, Type.STRING, Type.STRING),
    // Sprig
    LOWER("lower", Type.STRING, 1, false, Type.STRING),
    UPPER("upper", Type.STRING, 1, false, Type.STRING),
    SPRIG_TRIM("trim", Type.STRING, 1, false, Type.STRING),
    SPRIG_TRIM_PREFIX("trimPrefix", Type.STRING, 2, false, Type.STRING, Type.STRING),
    SPRIG_TRIM_SUFFIX("trimSuffix", Type.STRING, 2, false, Type.STRING, Type.STRING),
    SPRIG_REPLACE("replace", Type.STRING, 3, false, Type.STRING, Type.STRING, Type.STRING),
    CONTAINS("contains", Type.BOOL, 2, false, Type.STRING, Type.STRING),
    HAS_PREFIX("hasPrefix", Type.BOOL, 2, false, Type.STRING, Type.STRING),
    HAS_SUFFIX("hasSuffix", Type.BOOL, 2, false, Type.STRING, Type.STRING),
    DEFAULT("default", Type.ANY, 2, false, Type.ANY, Type.ANY),
    SHA256SUM("sha256sum", Type.STRING, 1, false, Type.STRING);

    /** Static type of a value, as far as it is known when the template is parsed. */
    enum Type {
        STRING,
        /** a field: a string, or no value */
        FIELD,
        INT,
        BOOL,
        ANY
    }

    private static final Map<String, Function> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(f -> f.goName, f -> f));

    final String goName;
    final Type result;
    final int minArgs;
    final boolean variadic;
    private final Type[] params;

    Function(String goName, Type result, int minArgs, boolean variadic, Type... params) {
        this.goName = goName;
        this.result = result;
        this.minArgs = minArgs;
        this.variadic = variadic;
        this.params = params;
    }

    static Function byName(String name) {
        return BY_NAME.get(name);
    }

    static String supportedNames() {
        return Arrays.stream(values()).map(f -> f.goName).sorted().collect(Collectors.joining(", "));
    }

    Type param(int i) {
        return i < params.length ? params[i] : params[params.length - 1];
    }

    boolean acceptsArgCount(int n) {
        return variadic ? n >= minArgs : n == minArgs;
    }
}
