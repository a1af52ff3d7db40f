package dev.ferry.pipeline.gotemplate;

/** A template that does not parse, or calls something Ferry does not support; names the position. */
public final class TemplateException extends Exception {
    private final int line;
    private final int column;
    private final String detail;

    TemplateException(int line, int column, String detail) {
        super(line + ":" + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    static TemplateException at(String source, int offset, String detail) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset && i < source.length(); i++) {
            if (source.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new TemplateException(line, column, detail);
    }

    /** 1-based line in the template text. */
    public int line() {
        return line;
    }

    /** 1-based column in the template text. */
    public int column() {
        return column;
    }

    /** What is wrong, without the position. */
    public String detail() {
        return detail;
    }
}
