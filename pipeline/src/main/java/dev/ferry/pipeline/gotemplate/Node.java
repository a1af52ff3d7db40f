package dev.ferry.pipeline.gotemplate;

/** A piece of a parsed template that writes output: text, an action, or an if/else chain. */
sealed interface Node permits Node.Text, Node.Action, Node.If {

    void render(TemplateFields fields, StringBuilder out) throws ExecutionException;

    record Text(String text) implements Node {
        @Override
        public void render(TemplateFields fields, StringBuilder out) {
            out.append(text);
        }
    }

    /** {@code {{ pipeline }}}: prints the pipeline's value. */
    record Action(Expr pipeline) implements Node {
        @Override
        public void render(TemplateFields fields, StringBuilder out) throws ExecutionException {
            Values.print(pipeline.eval(fields), out);
        }
    }

    /** {@code {{ if a }}…{{ else if b }}…{{ else }}…{{ end }}}: the first true branch runs. */
    record If(Expr[] conditions, Node[][] branches, Node[] otherwise) implements Node {
        @Override
        public void render(TemplateFields fields, StringBuilder out) throws ExecutionException {
            for (int i = 0; i < conditions.length; i++) {
                if (Values.truth(conditions[i].eval(fields))) {
                    renderAll(branches[i], fields, out);
                    return;
                }
            }
            renderAll(otherwise, fields, out);
        }
    }

    static void renderAll(Node[] nodes, TemplateFields fields, StringBuilder out) throws ExecutionException {
        for (Node node : nodes) {
            node.render(fields, out);
        }
    }
}
