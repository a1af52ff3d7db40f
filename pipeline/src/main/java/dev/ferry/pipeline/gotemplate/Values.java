package dev.ferry.pipeline.gotemplate;

/**
 * Go's rules for the values a template handles here: String, Boolean, Long, or null for "no value"
 * (a missing map key). Truth, printing and {@code eq} follow text/template.
 */
final class Values {
    static final String NO_VALUE = "<no value>";

    private Values() {}

    static boolean truth(Object v) {
        if (v == null) {
            return false;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return (Long) v != 0;
    }

    static void print(Object v, StringBuilder out) {
        if (v == null) {
            out.append(NO_VALUE);
        } else if (v instanceof String s) {
            out.append(s);
        } else if (v instanceof Boolean b) {
            out.append(b.booleanValue());
        } else {
            out.append(((Long) v).longValue());
        }
    }

    static String typeName(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        return "int";
    }

    /** Go's eq for two values; a missing value equals nothing, other kinds must agree. */
    static boolean eq(Object a, Object b) throws ExecutionException {
        if (a == null || b == null) {
            return false;
        }
        if (a.getClass() != b.getClass()) {
            throw new ExecutionException("error calling eq: incompatible types for comparison");
        }
        return a.equals(b);
    }
}
