package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected values were checked against Promtail 3.4.6 ({@code --dry-run}) with the same mapping. */
class LogfmtStageTest {
    private static final String STAGE =
            "- logfmt: {mapping: {level: '', msg: '', dur: duration, flag: '', k: '', e: ''}}";

    /** name → value; a null value: not extracted. */
    private static Map<String, String> m(String... kv) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static final Map<String, String> NOTHING =
            m("level", null, "msg", null, "dur", null, "flag", null, "k", null, "e", null);

    /** name, line, expected extracted values, whether the line is counted as malformed. */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "plain pairs, quoted value, mapped key",
                        "level=info msg=\"hello world\" duration=1.2s",
                        m("level", "info", "msg", "hello world", "dur", "1.2s", "flag", null),
                        false),
                Arguments.of(
                        "escapes in a quoted value, key without value",
                        "level=warn msg=\"a \\\"q\\\" \\\\ b\\nc\" flag",
                        m("level", "warn", "msg", "a \"q\" \\ b\nc", "flag", ""),
                        false),
                Arguments.of("plain text: keys without values, none mapped", "not logfmt at all", NOTHING, false),
                Arguments.of("unterminated quote", "k=\"unterminated", NOTHING, true),
                Arguments.of("empty value", "k=v level=x msg=", m("level", "x", "msg", "", "k", "v"), false),
                Arguments.of(
                        "quote inside a bare value: values before it stay",
                        "msg=\"x\" k=a\"b",
                        m("msg", "x", "k", null),
                        true),
                Arguments.of("double equals", "k==v", NOTHING, true),
                Arguments.of("value without key", "=v k=1", NOTHING, true),
                Arguments.of("unicode escape and empty", "k=\"\\u00e9\\t\" e=", m("k", "é\t", "e", ""), false),
                Arguments.of("last repeated key wins", "level=info level=debug", m("level", "debug"), false),
                Arguments.of("surrounding spaces", "  level=ok  msg=two   ", m("level", "ok", "msg", "two"), false),
                Arguments.of("equals inside a bare value", "k=v=w", NOTHING, true),
                Arguments.of("non-ASCII value", "e=\"é\"", m("e", "é"), false),
                Arguments.of("unknown escape", "k=\"a\\qb\"", NOTHING, true),
                Arguments.of(
                        "single quotes are plain characters",
                        "k='single quoted' level=a",
                        m("k", "'single", "level", "a"),
                        false),
                Arguments.of("escaped single quote", "k=\"it\\'s\" level=a", m("k", "it's", "level", "a"), false),
                Arguments.of(
                        "raw tab in a quoted value without escapes",
                        "k=\"a\ttab\" level=b",
                        m("k", "a\ttab", "level", "b"),
                        false),
                Arguments.of("raw tab in a quoted value with escapes", "k=\"a\ttab\\n\" level=c", NOTHING, true),
                Arguments.of("surrogate pair", "k=\"\\ud83d\\ude00\" level=d", m("k", "😀", "level", "d"), false),
                Arguments.of("lone surrogate", "k=\"\\ud83d\" level=e", m("k", "\uFFFD", "level", "e"), false),
                Arguments.of(
                        "slash and backspace escapes", "k=\"\\/x\\b\" level=f", m("k", "/x\b", "level", "f"), false),
                Arguments.of("short unicode escape", "k=\"a\\u00\" level=b", NOTHING, true),
                Arguments.of("quoted empty", "level=h k=\"\"", m("level", "h", "k", ""), false),
                Arguments.of(
                        "text right after a closing quote is a key",
                        "level=i k=\"ab\"c",
                        m("level", "i", "k", "ab"),
                        false),
                Arguments.of("quote in a key", "lev\"el=j", NOTHING, true),
                Arguments.of("tab separates pairs", "level=k\tmsg=tab", m("level", "k", "msg", "tab"), false),
                Arguments.of("non-ASCII key", "ké=v level=l", m("level", "l"), false),
                Arguments.of("invalid UTF-8 in a key", "k\uFFFD=v level=x", NOTHING, true),
                Arguments.of(
                        "records on several lines, CRLF",
                        "level=info\r\nmsg=\"second line\"\r\n",
                        m("level", "info", "msg", "second line"),
                        false),
                Arguments.of("a quote cannot span lines", "level=a msg=\"x\ny\"", m("level", "a", "msg", null), true),
                Arguments.of("empty line", "", NOTHING, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void extracts(String name, String line, Map<String, String> expected, boolean malformed) {
        TestPipeline p = TestPipeline.of(STAGE).send(line);
        assertThat(p.lines()).containsExactly(line);
        Entry e = p.out.get(0);
        expected.forEach((k, v) -> assertThat(e.extracted().get(k)).as(k).isEqualTo(v));
        assertThat(p.problems("logfmt", "malformed_logfmt")).isEqualTo(malformed ? 1.0 : 0.0);
    }

    @Test
    void oneKeyMayFeedSeveralNames() {
        TestPipeline p =
                TestPipeline.of("- logfmt: {mapping: {lvl: level, level: ''}}").send("level=warn");
        assertThat(p.out.get(0).extracted().get("lvl")).isEqualTo("warn");
        assertThat(p.out.get(0).extracted().get("level")).isEqualTo("warn");
    }

    @Test
    void regexExtractsMatchingKeysUnderTheirOwnName() {
        TestPipeline p = TestPipeline.of("- logfmt: {regex: '^http_'}").send("http_status=200 http_path=/x other=1");
        Entry e = p.out.get(0);
        assertThat(e.extracted().get("http_status")).isEqualTo("200");
        assertThat(e.extracted().get("http_path")).isEqualTo("/x");
        assertThat(e.extracted().get("other")).isNull();
    }

    @Test
    void sourceReadsAnExtractedValueAndAMissingSourceChangesNothing() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^\\S+ (?P<payload>.*)$'}
                - logfmt: {mapping: {user: ''}, source: payload}
                """);
        p.sendAll("2026-01-27T12:39:48Z user=ann level=info", "nospace");
        assertThat(p.out.get(0).extracted().get("user")).isEqualTo("ann");
        assertThat(p.out.get(1).extracted().get("user")).isNull();
        assertThat(p.lines()).containsExactly("2026-01-27T12:39:48Z user=ann level=info", "nospace");
    }

    @Test
    void aLabelOfTheSameNameIsOverwritten() {
        TestPipeline p = TestPipeline.of("- logfmt: {mapping: {app: ''}}").sendAll("app=web", "other=1");
        assertThat(p.out.get(0).extracted().get("app")).isEqualTo("web");
        assertThat(p.out.get(1).extracted().get("app"))
                .as("not in the line: the label stays")
                .isEqualTo("api");
    }

    static Stream<Arguments> configErrors() {
        return Stream.of(
                Arguments.of(
                        "- logfmt: {source: x}",
                        "pipeline 'test', stage 1 (logfmt): mapping is required: a map of extracted name to logfmt key (or give regex)"),
                Arguments.of(
                        "- logfmt: {regex: '(unclosed'}",
                        "test.yaml:3:23: pipeline 'test', stage 1 (logfmt): regex does not compile"),
                Arguments.of(
                        "- logfmt: {mapping: {a: ''}, source: ''}",
                        "pipeline 'test', stage 1 (logfmt): source must not be empty"),
                Arguments.of(
                        "- logfmt: {mapping: {a: ''}, sources: x}",
                        "pipeline 'test', stage 1 (logfmt): unknown key 'sources' (did you mean 'source'?)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configErrors")
    void rejectsBadConfig(String stages, String message) {
        try {
            TestPipeline p = TestPipeline.of(stages);
            assertThat(p.problems.errors()).extracting(ConfigProblem::toString).anyMatch(s -> s.contains(message));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(message);
        }
    }
}
