package dev.ferry.pipeline.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.LabelMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SelectorParserTest {
    record Match(String selector, Labels labels, String line, boolean expected) {}

    private static final Labels PLEX = Labels.of("namespace", "plex", "app", "plex", "source", "file");

    private static Named<Match> m(String name, String selector, Labels labels, String line, boolean expected) {
        return Named.of(name, new Match(selector, labels, line, expected));
    }

    static Stream<Named<Match>> matches() {
        return Stream.of(
                m("equal", "{namespace=\"plex\"}", PLEX, "", true),
                m("equal, other value", "{namespace=\"prod\"}", PLEX, "", false),
                m("two matchers, both hold", "{namespace=\"plex\", source=\"file\"}", PLEX, "", true),
                m("two matchers, one fails", "{namespace=\"plex\", source=\"api\"}", PLEX, "", false),
                m("not equal", "{app!=\"api\"}", PLEX, "", true),
                m("not equal, same value", "{app!=\"plex\"}", PLEX, "", false),
                m("missing label equals empty", "{pod=\"\"}", PLEX, "", true),
                m("missing label is not equal to a value", "{pod!=\"x\"}", PLEX, "", true),
                m("missing label does not equal a value", "{pod=\"x\"}", PLEX, "", false),
                m("regex matches the whole value", "{app=~\"pl.x\"}", PLEX, "", true),
                m("regex is anchored at both ends", "{app=~\"pl\"}", PLEX, "", false),
                m("regex anchored: suffix", "{app=~\"lex\"}", PLEX, "", false),
                m("regex alternation is anchored as a whole", "{app=~\"api|plex\"}", PLEX, "", true),
                m("regex alternation, neither", "{app=~\"api|plexy\"}", PLEX, "", false),
                m("negated regex", "{app!~\"api.*\"}", PLEX, "", true),
                m("negated regex that matches", "{app!~\"p.*\"}", PLEX, "", false),
                m("regex on missing label matches empty", "{pod=~\".*\"}", PLEX, "", true),
                m("regex .+ on missing label", "{pod=~\".+\"}", PLEX, "", false),
                m("dot matches newline in values", "{msg=~\"a.b\"}", Labels.of("msg", "a\nb"), "", true),
                m("escaped quote in value", "{q=\"say \\\"hi\\\"\"}", Labels.of("q", "say \"hi\""), "", true),
                m("raw string value", "{app=~`p\\w+`}", PLEX, "", true),
                m("backslash escape for regex", "{app=~\"p\\\\w+\"}", PLEX, "", true),
                m("spaces everywhere", "  {  app = \"plex\" ,source=\"file\"  }  ", PLEX, "", true),
                m("line filter contains", "{app=\"plex\"} |= \"error\"", PLEX, "an error here", true),
                m("line filter contains, absent", "{app=\"plex\"} |= \"error\"", PLEX, "all good", false),
                m("line filter not contains", "{app=\"plex\"} != \"debug\"", PLEX, "info line", true),
                m("line regex filter is not anchored", "{app=\"plex\"} |~ \"err(or)?\"", PLEX, "an err here", true),
                m("negated line regex", "{app=\"plex\"} !~ \"GET /health\"", PLEX, "GET /health 200", false),
                m("two line filters", "{app=\"plex\"} |= \"a\" != \"b\"", PLEX, "a c", true),
                m("labels fail before line filters", "{app=\"api\"} |= \"a\"", PLEX, "a", false));
    }

    @ParameterizedTest
    @MethodSource("matches")
    void matchesAsLokiDoes(Match c) {
        StreamSelector s = SelectorParser.parse(c.selector());
        assertThat(s.matches(LabelMap.of(c.labels()), c.line())).isEqualTo(c.expected());
    }

    record Bad(String selector, String error) {}

    static Stream<Named<Bad>> errors() {
        return Stream.of(
                Named.of("empty", new Bad("", "at column 1: a selector starts with '{', as in {app=\"api\"}")),
                Named.of(
                        "no braces",
                        new Bad("app=\"x\"", "at column 1: a selector starts with '{', as in {app=\"api\"}")),
                Named.of(
                        "no matcher",
                        new Bad("{}", "at column 2: a selector needs at least one label matcher, as in {app=\"api\"}")),
                Named.of("not closed", new Bad("{app=\"x\"", "at column 9: the selector is not closed: expected '}'")),
                Named.of("missing comma", new Bad("{a=\"x\" b=\"y\"}", "at column 8: expected ',' or '}'")),
                Named.of(
                        "trailing comma",
                        new Bad("{a=\"x\",}", "at column 8: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)")),
                Named.of(
                        "label name starts with digit",
                        new Bad("{1a=\"x\"}", "at column 2: expected a label name ([a-zA-Z_][a-zA-Z0-9_]*)")),
                Named.of("bad operator", new Bad("{a==\"x\"}", "at column 4: expected a quoted string (\"…\" or `…`)")),
                Named.of(
                        "no operator",
                        new Bad("{a \"x\"}", "at column 4: expected '=', '!=', '=~' or '!~' after label name 'a'")),
                Named.of("single quotes", new Bad("{a='x'}", "at column 4: expected a quoted string (\"…\" or `…`)")),
                Named.of("unclosed string", new Bad("{a=\"x}", "at column 7: the string is not closed: expected '\"'")),
                Named.of(
                        "unknown escape",
                        new Bad(
                                "{a=~\"\\d\"}",
                                "at column 7: unknown escape '\\d' (write '\\\\' for a backslash, e.g. \"\\\\d+\")")),
                Named.of(
                        "bad regex",
                        new Bad(
                                "{a=~\"(x\"}",
                                "at column 5: the expression for label 'a' does not compile: missing closing )")),
                Named.of(
                        "garbage after selector",
                        new Bad(
                                "{a=\"x\"} foo",
                                "at column 9: expected a line filter ('|=', '!=', '|~' or '!~') or the end of the selector")),
                Named.of(
                        "unclosed raw string",
                        new Bad("{a=`x}", "at column 5: the raw string is not closed: expected '`'")));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void rejectsBadSelectorsWithTheColumn(Bad c) {
        assertThatThrownBy(() -> SelectorParser.parse(c.selector()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(c.error());
    }

    @ParameterizedTest
    @MethodSource("matches")
    void printsAFormThatParsesToTheSameSelector(Match c) {
        StreamSelector s = SelectorParser.parse(c.selector());
        StreamSelector again = SelectorParser.parse(s.toString());
        assertThat(again.matchers()).isEqualTo(s.matchers());
        assertThat(again.toString()).isEqualTo(s.toString());
    }
}
