package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shortcuts of {@link LineTest} must answer exactly as RE2J's find: checked on named cases and
 * on random lines built from the pieces the expressions care about.
 */
class LineTestTest {
    static final String[] EXPRESSIONS = {
        "^(\\{|\\S)",
        "^\\S",
        "^[{\\S]",
        "^[^\\s]",
        ".*GET /(api/)?health/(readiness|liveness).*",
        "kube-probe",
        "^Jan",
        "^\\d{4}-",
        "a+b",
        "ab?c",
        "x|y",
        "GET /.*",
        ".*error",
        "(?i)error",
        "\\.log$",
        "[ab]c",
        "^$",
        "he..o",
        "a{2}b",
        "(?i:ab)c",
        "^(Jan|Feb) \\d",
        "x[]a]y",
        "ab\\.log",
        "^ab(c)?d",
        "[^]a]x",
        "e.r.*or$",
        "(?s)x.y",
    };

    record Case(String expression, String line, boolean expected) {}

    static Stream<Named<Case>> cases() {
        return Stream.of(
                Named.of("first char is a brace", new Case("^(\\{|\\S)", "{\"a\":1}", true)),
                Named.of("first char is a space", new Case("^(\\{|\\S)", " at x", false)),
                Named.of("first char is a tab", new Case("^(\\{|\\S)", "\tat x", false)),
                Named.of("empty line", new Case("^(\\{|\\S)", "", false)),
                Named.of("vertical tab is not Go whitespace", new Case("^\\S", "\u000bx", true)),
                Named.of("no-break space is not Go whitespace", new Case("^\\S", "\u00a0x", true)),
                Named.of("health readiness", new Case(EXPRESSIONS[4], "x GET /health/readiness y", true)),
                Named.of(
                        "health on the second line of a block",
                        new Case(EXPRESSIONS[4], "first\nGET /api/health/liveness", true)),
                Named.of("GET / without health", new Case(EXPRESSIONS[4], "GET /api/items", false)),
                Named.of("literal contains", new Case("kube-probe", "ua kube-probe/1.30", true)),
                Named.of("optional char is not required", new Case("ab?c", "ac", true)),
                Named.of("repeated char", new Case("a+b", "aaab", true)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void answersAsTheRegexWould(Case c) {
        LineTest t = LineTest.of(Pattern.compile(c.expression()));
        assertThat(t.test(t.newMatcher(), c.line())).isEqualTo(c.expected());
        assertThat(Pattern.compile(c.expression()).matcher(c.line()).find()).isEqualTo(c.expected());
    }

    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> pieces = Arbitraries.of(
                "GET /",
                "health/",
                "api/",
                "readiness",
                "liveness",
                "kube-probe",
                "{",
                " ",
                "\t",
                "\n",
                "\r",
                "\f",
                "\u000b",
                "\u00a0",
                "é",
                "😀",
                "a",
                "b",
                "c",
                "ab",
                "x",
                "y",
                "Jan",
                "2026-",
                "error",
                "ERROR",
                ".log",
                "he",
                "llo",
                "",
                "\ud800",
                "aab",
                "abd",
                "abcd",
                "Feb 1",
                "]a",
                "x]y",
                "xay",
                "ab.log",
                "AB");
        return pieces.list().ofMaxSize(8).map(parts -> String.join("", parts));
    }

    @Property(tries = 3000)
    void shortcutsNeverChangeTheAnswer(@ForAll("lines") String line) {
        for (String expression : EXPRESSIONS) {
            Pattern p = Pattern.compile(expression);
            LineTest t = LineTest.of(p);
            Matcher m = t.newMatcher();
            assertThat(t.test(m, line))
                    .as("%s on %s", expression, line)
                    .isEqualTo(p.matcher(line).find());
        }
    }

    @Property(tries = 300)
    void requiredLiteralsAreInEveryMatch(@ForAll("lines") String line) {
        for (String expression : EXPRESSIONS) {
            if (LineTest.hasTopLevelAlternation(expression) || LineTest.hasFlagGroup(expression)) {
                continue;
            }
            Matcher m = Pattern.compile(expression).matcher(line);
            if (m.find()) {
                java.util.List<String> runs = new java.util.ArrayList<>();
                LineTest.requiredLiterals(expression.startsWith("^") ? expression.substring(1) : expression, runs);
                for (String run : runs) {
                    assertThat(m.group()).as("%s on %s", expression, line).contains(run);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void findsTheLiteralsOfTheUsersHealthCheckExpression() {
        java.util.List<String> runs = new java.util.ArrayList<>();
        LineTest.requiredLiterals("GET /(api/)?health/(readiness|liveness)", runs);
        assertThat(runs).containsExactly("GET /", "health/");
    }
}
