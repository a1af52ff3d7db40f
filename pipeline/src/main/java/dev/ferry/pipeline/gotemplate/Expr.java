package dev.ferry.pipeline.gotemplate;

/** Something inside an action that yields a value: a field, a literal, a call or a pipeline. */
sealed interface Expr permits Expr.Field, Expr.Literal, Expr.Pipeline, Call {

    Object eval(TemplateFields fields) throws ExecutionException;

    Function.Type type();

    /** {@code .name}: the named value, or null (Go's "no value"). */
    record Field(String name) implements Expr {
        @Override
        public Object eval(TemplateFields fields) {
            return fields.get(name);
        }

        @Override
        public Function.Type type() {
            return Function.Type.FIELD;
        }
    }

    /** A string, integer or boolean constant. */
    record Literal(Object value) implements Expr {
        @Override
        public Object eval(TemplateFields fields) {
            return value;
        }

        @Override
        public Function.Type type() {
            if (value instanceof String) {
                return Function.Type.STRING;
            }
            return value instanceof Boolean ? Function.Type.BOOL : Function.Type.INT;
        }
    }

    /** {@code a | f | g}: each command after the first gets the previous value as its last argument. */
    record Pipeline(Expr first, Call[] rest) implements Expr {
        @Override
        public Object eval(TemplateFields fields) throws ExecutionException {
            Object v = first.eval(fields);
            for (Call call : rest) {
                v = call.evalWithFinal(fields, v);
            }
            return v;
        }

        @Override
        public Function.Type type() {
            return rest.length == 0 ? first.type() : rest[rest.length - 1].type();
        }
    }
}
