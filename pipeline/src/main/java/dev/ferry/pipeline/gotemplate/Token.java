package dev.ferry.pipeline.gotemplate;

/** One lexical item of a template: text between actions, or a word inside {{ }}. */
record Token(Kind kind, String text, long number, int offset) {
    enum Kind {
        TEXT,
        LEFT,
        RIGHT,
        IDENT,
        FIELD,
        DOT,
        STRING,
        NUMBER,
        PIPE,
        OPEN,
        CLOSE,
        EOF
    }

    static Token of(Kind kind, String text, int offset) {
        return new Token(kind, text, 0, offset);
    }
}
