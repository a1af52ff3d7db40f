package dev.ferry.pipeline.gotemplate;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * A function call. Arguments are evaluated one by one (no argument array per call); in a pipeline
 * the previous command's value is the last argument, as in Go.
 */
final class Call implements Expr {
    private final Function fn;
    private final Expr[] args;
    /** The compiled expression of regexReplaceAll*, whose first argument must be a literal. */
    private final Pattern regex;

    Call(Function fn, Expr[] args, Pattern regex) {
        this.fn = fn;
        this.args = args;
        this.regex = regex;
    }

    @Override
    public Function.Type type() {
        return fn.result;
    }

    @Override
    public Object eval(TemplateFields fields) throws ExecutionException {
        return call(fields, null, false);
    }

    Object evalWithFinal(TemplateFields fields, Object fin) throws ExecutionException {
        return call(fields, fin, true);
    }

    private int argCount(boolean hasFinal) {
        return args.length + (hasFinal ? 1 : 0);
    }

    private Object arg(int i, TemplateFields fields, Object fin) throws ExecutionException {
        return i < args.length ? args[i].eval(fields) : fin;
    }

    private String str(int i, TemplateFields fields, Object fin) throws ExecutionException {
        Object v = arg(i, fields, fin);
        if (v instanceof String s) {
            return s;
        }
        throw new ExecutionException("error calling " + fn.goName + ": "
                + (v == null
                        ? "invalid value; expected string"
                        : "wrong type for value; expected string; got " + Values.typeName(v)));
    }

    private Object call(TemplateFields f, Object fin, boolean hasFinal) throws ExecutionException {
        int n = argCount(hasFinal);
        switch (fn) {
            case EQ -> {
                Object first = arg(0, f, fin);
                for (int i = 1; i < n; i++) {
                    if (Values.eq(first, arg(i, f, fin))) {
                        return Boolean.TRUE;
                    }
                }
                return Boolean.FALSE;
            }
            case NE -> {
                return !Values.eq(arg(0, f, fin), arg(1, f, fin));
            }
            case AND -> {
                Object v = null;
                for (int i = 0; i < n; i++) {
                    v = arg(i, f, fin);
                    if (!Values.truth(v)) {
                        return v;
                    }
                }
                return v;
            }
            case OR -> {
                Object v = null;
                for (int i = 0; i < n; i++) {
                    v = arg(i, f, fin);
                    if (Values.truth(v)) {
                        return v;
                    }
                }
                return v;
            }
            case NOT -> {
                return !Values.truth(arg(0, f, fin));
            }
            case TO_LOWER, LOWER -> {
                return GoStrings.toLower(str(0, f, fin));
            }
            case TO_UPPER, UPPER -> {
                return GoStrings.toUpper(str(0, f, fin));
            }
            case REPLACE -> {
                String s = str(0, f, fin);
                String old = str(1, f, fin);
                String repl = str(2, f, fin);
                Object count = arg(3, f, fin);
                if (!(count instanceof Long c)) {
                    throw new ExecutionException(
                            "error calling Replace: wrong type for value; expected int; got " + Values.typeName(count));
                }
                return GoStrings.replace(s, old, repl, c);
            }
            case TRIM -> {
                return GoStrings.trim(str(0, f, fin), str(1, f, fin));
            }
            case TRIM_LEFT -> {
                return GoStrings.trimLeft(str(0, f, fin), str(1, f, fin));
            }
            case TRIM_RIGHT -> {
                return GoStrings.trimRight(str(0, f, fin), str(1, f, fin));
            }
            case TRIM_PREFIX -> {
                return GoStrings.trimPrefix(str(0, f, fin), str(1, f, fin));
            }
            case TRIM_SUFFIX -> {
                return GoStrings.trimSuffix(str(0, f, fin), str(1, f, fin));
            }
            case TRIM_SPACE, SPRIG_TRIM -> {
                return GoStrings.trimSpace(str(0, f, fin));
            }
            case HASH -> {
                return GoStrings.digestHex("SHA3-256", str(0, f, fin) + str(1, f, fin));
            }
            case SHA2_HASH, SHA256 -> {
                return GoStrings.digestHex("SHA-256", str(0, f, fin) + str(1, f, fin));
            }
            case SHA256SUM -> {
                return GoStrings.digestHex("SHA-256", str(0, f, fin));
            }
            case SPRIG_TRIM_PREFIX -> {
                String prefix = str(0, f, fin);
                return GoStrings.trimPrefix(str(1, f, fin), prefix);
            }
            case SPRIG_TRIM_SUFFIX -> {
                String suffix = str(0, f, fin);
                return GoStrings.trimSuffix(str(1, f, fin), suffix);
            }
            case SPRIG_REPLACE -> {
                String old = str(0, f, fin);
                String repl = str(1, f, fin);
                return GoStrings.replace(str(2, f, fin), old, repl, -1);
            }
            case CONTAINS -> {
                String sub = str(0, f, fin);
                return str(1, f, fin).contains(sub);
            }
            case HAS_PREFIX -> {
                String prefix = str(0, f, fin);
                return str(1, f, fin).startsWith(prefix);
            }
            case HAS_SUFFIX -> {
                String suffix = str(0, f, fin);
                return str(1, f, fin).endsWith(suffix);
            }
            case DEFAULT -> {
                Object dflt = arg(0, f, fin);
                Object given = arg(1, f, fin);
                return Values.truth(given) ? given : dflt;
            }
            case REGEX_REPLACE_ALL -> {
                str(0, f, fin);
                return regexReplace(str(1, f, fin), str(2, f, fin), false);
            }
            case REGEX_REPLACE_ALL_LITERAL -> {
                str(0, f, fin);
                return regexReplace(str(1, f, fin), str(2, f, fin), true);
            }
        }
        throw new AssertionError(fn);
    }

    private String regexReplace(String s, String repl, boolean literal) {
        Matcher m = regex.matcher(s);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16);
            }
            sb.append(s, last, m.start());
            if (literal) {
                sb.append(repl);
            } else {
                GoExpand.expand(repl, m, regex, sb);
            }
            last = m.end();
        }
        if (sb == null) {
            return s;
        }
        return sb.append(s, last, s.length()).toString();
    }
}
