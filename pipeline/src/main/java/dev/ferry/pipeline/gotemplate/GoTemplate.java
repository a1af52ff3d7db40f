package dev.ferry.pipeline.gotemplate;

import java.util.Objects;

/**
 * A parsed Go text/template, the subset Alloy's template and replace stages use: {@code .name}
 * fields, string/integer/boolean literals, pipelines, parentheses, {@code if}/{@code else if}/
 * {@code else}/{@code end}, {@code {{- -}}} trim markers, comments, the built-ins {@code eq ne and
 * or not}, Alloy's {@code ToLower ToUpper Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix
 * TrimSpace Hash Sha2Hash regexReplaceAll regexReplaceAllLiteral}, Ferry's {@code Sha256} (alias of
 * Sha2Hash) and the Sprig functions {@code lower upper trim trimPrefix trimSuffix replace contains
 * hasPrefix hasSuffix default sha256sum}. Anything else ({@code range}, {@code with}, variables,
 * other functions) is a {@link TemplateException} naming its position. Parsed once, thread-safe.
 */
public final class GoTemplate {
    private final String source;
    private final Node[] nodes;

    private GoTemplate(String source, Node[] nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    /** Parses {@code source}; the exception's message starts with {@code line:column:}. */
    public static GoTemplate parse(String source) throws TemplateException {
        Objects.requireNonNull(source, "source");
        return new GoTemplate(source, Parser.parse(source));
    }

    public String source() {
        return source;
    }

    /**
     * Appends the output to {@code out}. Returns false when the template cannot run on these fields
     * (Go's execution error, e.g. {@code ToLower} of a missing value); {@code out} then holds part of
     * the output and the caller should discard it, as Alloy leaves the entry unchanged.
     */
    public boolean execute(TemplateFields fields, StringBuilder out) {
        try {
            Node.renderAll(nodes, fields, out);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** The output, or null when execution fails (see {@link #execute(TemplateFields, StringBuilder)}). */
    public String execute(TemplateFields fields) {
        if (nodes.length == 1 && nodes[0] instanceof Node.Text text) {
            return text.text();
        }
        StringBuilder out = new StringBuilder(64);
        return execute(fields, out) ? out.toString() : null;
    }

    /** Why execution fails on these fields, or null when it does not (for diagnostics, not per line). */
    public String explainFailure(TemplateFields fields) {
        try {
            Node.renderAll(nodes, fields, new StringBuilder());
            return null;
        } catch (ExecutionException e) {
            return e.getMessage();
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
