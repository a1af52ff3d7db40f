package dev.ferry.pipeline.gotemplate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Builds the tree of a template from its tokens, checking functions, arities and literal types. */
final class Parser {
    private static final Set<String> UNSUPPORTED_KEYWORDS =
            Set.of("with", "range", "define", "template", "block", "break", "continue");

    private final String src;
    private final List<Token> tokens;
    private int pos;

    private Parser(String src, List<Token> tokens) {
        this.src = src;
        this.tokens = tokens;
    }

    static Node[] parse(String src) throws TemplateException {
        Parser parser = new Parser(src, Lexer.lex(src));
        List<Node> nodes = new ArrayList<>();
        String stop = parser.list(nodes);
        if (stop != null) {
            throw parser.error(parser.tokens.get(parser.pos - 1), "unexpected {{" + stop + "}}");
        }
        return nodes.toArray(Node[]::new);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private TemplateException error(Token at, String detail) {
        return TemplateException.at(src, at.offset(), detail);
    }

    private Token expect(Token.Kind kind, String what) throws TemplateException {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found " + describe(t));
        }
        return t;
    }

    private static String describe(Token t) {
        return switch (t.kind()) {
            case EOF -> "end of template";
            case RIGHT -> "}}";
            case STRING -> "string";
            default -> "'" + t.text() + "'";
        };
    }

    /**
     * Parses nodes into {@code out} up to the end of input or an {@code {{else}}} / {@code {{end}}},
     * which it consumes up to the keyword and names in its return value (null at the end).
     */
    private String list(List<Node> out) throws TemplateException {
        while (true) {
            Token t = next();
            switch (t.kind()) {
                case EOF -> {
                    return null;
                }
                case TEXT -> out.add(new Node.Text(t.text()));
                case LEFT -> {
                    Token word = peek();
                    if (word.kind() == Token.Kind.IDENT) {
                        switch (word.text()) {
                            case "else", "end" -> {
                                pos++;
                                return word.text();
                            }
                            case "if" -> {
                                pos++;
                                out.add(ifChain(word));
                                continue;
                            }
                            default -> {
                                if (UNSUPPORTED_KEYWORDS.contains(word.text())) {
                                    throw error(word, "{{" + word.text() + "}} is not supported");
                                }
                            }
                        }
                    }
                    Expr pipeline = pipeline(Token.Kind.RIGHT);
                    expect(Token.Kind.RIGHT, "}}");
                    out.add(new Node.Action(pipeline));
                }
                default -> throw error(t, "unexpected " + describe(t));
            }
        }
    }

    private Node ifChain(Token ifToken) throws TemplateException {
        List<Expr> conditions = new ArrayList<>();
        List<Node[]> branches = new ArrayList<>();
        Node[] otherwise = new Node[0];
        while (true) {
            if (peek().kind() == Token.Kind.RIGHT) {
                throw error(peek(), "missing value for if");
            }
            conditions.add(pipeline(Token.Kind.RIGHT));
            expect(Token.Kind.RIGHT, "}}");
            List<Node> body = new ArrayList<>();
            String stop = list(body);
            branches.add(body.toArray(Node[]::new));
            if (stop == null) {
                throw error(ifToken, "unexpected end of template: {{if}} without {{end}}");
            }
            if (stop.equals("end")) {
                expect(Token.Kind.RIGHT, "}} after end");
                break;
            }
            // else
            if (peek().kind() == Token.Kind.IDENT && peek().text().equals("if")) {
                pos++;
                continue;
            }
            expect(Token.Kind.RIGHT, "}} after else");
            List<Node> elseBody = new ArrayList<>();
            String elseStop = list(elseBody);
            if (!"end".equals(elseStop)) {
                throw error(ifToken, elseStop == null ? "{{if}} without {{end}}" : "{{else}} after {{else}}");
            }
            expect(Token.Kind.RIGHT, "}} after end");
            otherwise = elseBody.toArray(Node[]::new);
            break;
        }
        return new Node.If(conditions.toArray(Expr[]::new), branches.toArray(Node[][]::new), otherwise);
    }

    /** command ('|' command)* up to {@code end} (not consumed). */
    private Expr pipeline(Token.Kind end) throws TemplateException {
        Expr first = command(false);
        List<Call> rest = new ArrayList<>();
        while (peek().kind() == Token.Kind.PIPE) {
            Token pipe = next();
            Expr cmd = command(true);
            if (!(cmd instanceof Call call)) {
                throw error(pipe, "can't give argument to non-function after '|'");
            }
            rest.add(call);
        }
        if (peek().kind() != end) {
            throw error(peek(), "unexpected " + describe(peek()) + " in command");
        }
        return rest.isEmpty() ? first : new Expr.Pipeline(first, rest.toArray(Call[]::new));
    }

    private boolean endsCommand(Token t) {
        return switch (t.kind()) {
            case PIPE, RIGHT, CLOSE, EOF -> true;
            default -> false;
        };
    }

    private Expr command(boolean piped) throws TemplateException {
        Token head = peek();
        if (endsCommand(head)) {
            throw error(head, "missing value for command");
        }
        if (head.kind() == Token.Kind.IDENT && !isConstantWord(head.text())) {
            pos++;
            Function fn = Function.byName(head.text());
            if (fn == null) {
                throw error(
                        head,
                        "function \"" + head.text() + "\" is not supported (supported: " + Function.supportedNames()
                                + ")");
            }
            List<Expr> args = new ArrayList<>();
            while (!endsCommand(peek())) {
                args.add(operand());
            }
            return call(head, fn, args, piped);
        }
        Expr operand = operand();
        String shown = head.kind() == Token.Kind.FIELD ? "." + head.text() : head.text();
        if (!endsCommand(peek())) {
            throw error(peek(), "can't give argument to non-function " + shown);
        }
        if (piped) {
            throw error(head, "can't give argument to non-function " + shown);
        }
        return operand;
    }

    private Call call(Token head, Function fn, List<Expr> args, boolean piped) throws TemplateException {
        int count = args.size() + (piped ? 1 : 0);
        if (!fn.acceptsArgCount(count)) {
            String want = fn.variadic ? "at least " + fn.minArgs : String.valueOf(fn.minArgs);
            throw error(head, "wrong number of args for " + fn.goName + ": want " + want + " got " + count);
        }
        for (int i = 0; i < args.size(); i++) {
            checkType(head, fn, i, args.get(i).type());
        }
        Pattern regex = null;
        if (fn == Function.REGEX_REPLACE_ALL || fn == Function.REGEX_REPLACE_ALL_LITERAL) {
            if (args.isEmpty() || !(args.get(0) instanceof Expr.Literal lit) || !(lit.value() instanceof String re)) {
                throw error(head, fn.goName + " needs its regular expression as a string literal");
            }
            try {
                regex = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
                throw error(head, fn.goName + ": expression does not compile: " + e.getMessage());
            }
        }
        return new Call(fn, args.toArray(Expr[]::new), regex);
    }

    private void checkType(Token head, Function fn, int i, Function.Type actual) throws TemplateException {
        Function.Type want = fn.param(i);
        if (want == Function.Type.ANY || actual == Function.Type.ANY) {
            return;
        }
        boolean ok = switch (want) {
            case STRING -> actual == Function.Type.STRING || actual == Function.Type.FIELD;
            case INT -> actual == Function.Type.INT;
            default -> true;
        };
        if (!ok) {
            throw error(
                    head,
                    "wrong type for argument " + (i + 1) + " of " + fn.goName + ": expected "
                            + want.name().toLowerCase() + ", got " + typeName(actual));
        }
    }

    private static String typeName(Function.Type t) {
        return t == Function.Type.FIELD ? "string" : t.name().toLowerCase();
    }

    private static boolean isConstantWord(String word) {
        return word.equals("true") || word.equals("false") || word.equals("nil");
    }

    private Expr operand() throws TemplateException {
        Token t = next();
        switch (t.kind()) {
            case FIELD -> {
                if (peek().kind() == Token.Kind.FIELD
                        && peek().offset() == t.offset() + t.text().length() + 1) {
                    throw error(peek(), "nested fields are not supported: ." + t.text() + " is a string");
                }
                return new Expr.Field(t.text());
            }
            case STRING -> {
                return new Expr.Literal(t.text());
            }
            case NUMBER -> {
                return new Expr.Literal(t.number());
            }
            case DOT -> throw error(t, "'.' alone is not supported: name a field, e.g. .Value");
            case OPEN -> {
                Expr inner = pipeline(Token.Kind.CLOSE);
                expect(Token.Kind.CLOSE, "')'");
                return inner;
            }
            case IDENT -> {
                switch (t.text()) {
                    case "true" -> {
                        return new Expr.Literal(Boolean.TRUE);
                    }
                    case "false" -> {
                        return new Expr.Literal(Boolean.FALSE);
                    }
                    case "nil" -> throw error(t, "nil is not supported");
                    default -> {
                        Function fn = Function.byName(t.text());
                        if (fn == null) {
                            throw error(
                                    t,
                                    "function \"" + t.text() + "\" is not supported (supported: "
                                            + Function.supportedNames() + ")");
                        }
                        // Go calls a function named as an argument with no arguments of its own.
                        return call(t, fn, List.of(), false);
                    }
                }
            }
            default -> throw error(t, "unexpected " + describe(t) + " in operand");
        }
    }
}
