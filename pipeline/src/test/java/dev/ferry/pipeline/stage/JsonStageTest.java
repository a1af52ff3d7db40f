package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JsonStageTest {
    /** {@code expected}: name → value, or name → null for "not extracted". */
    record Case(String expressions, String line, Map<String, String> expected) {}

    private static Map<String, String> m(String... kv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put(kv[i], kv[i + 1]);
        }
        return map;
    }

    private static Named<Case> c(String name, String expressions, String line, Map<String, String> expected) {
        return Named.of(name, new Case(expressions, line, expected));
    }

    private static final String PINO = "{level: level, msg: msg, module: module, time: time}";

    static Stream<Named<Case>> cases() {
        return Stream.of(
                c(
                        "pino line",
                        PINO,
                        "{\"level\":30,\"time\":1769517588421,\"pid\":1,\"hostname\":\"api-7d9\",\"module\":\"db\",\"msg\":\"connected\"}",
                        m("level", "30", "msg", "connected", "module", "db", "time", "1769517588421")),
                c(
                        "missing keys are not extracted",
                        PINO,
                        "{\"level\":50,\"msg\":\"x\"}",
                        m("level", "50", "module", null, "time", null)),
                c("null is not extracted", PINO, "{\"level\":30,\"msg\":null}", m("level", "30", "msg", null)),
                c("string level kept as text", PINO, "{\"level\":\"warn\",\"msg\":\"m\"}", m("level", "warn")),
                c(
                        "escapes decoded",
                        PINO,
                        "{\"msg\":\"a \\\"quoted\\\" \\\\ word\\n\\u00e9\\t\"}",
                        m("msg", "a \"quoted\" \\ word\né\t")),
                c(
                        "escaped value and key longer than the decoding buffer starts",
                        "{msg: msg, " + "k".repeat(80) + ": " + "k".repeat(80) + "}",
                        "{\"msg\":\"" + "\\u00e9".repeat(30) + "\\n\",\"" + "\\u006b".repeat(80) + "\":\"x\"}",
                        m("msg", "é".repeat(30) + "\n", "k".repeat(80), "x")),
                c(
                        "float printed as Go does",
                        PINO,
                        "{\"level\":50.0,\"time\":1.5e3}",
                        m("level", "50", "time", "1500")),
                c(
                        "large exponent printed without exponent",
                        PINO,
                        "{\"level\":1e21}",
                        m("level", "1000000000000000000000")),
                c("small fraction", PINO, "{\"level\":0.000001}", m("level", "0.000001")),
                c("negative zero", PINO, "{\"level\":-0}", m("level", "-0")),
                c(
                        "16-digit integer goes through float64",
                        PINO,
                        "{\"time\":1234567890123456789}",
                        m("time", "1234567890123456800")),
                c("booleans", PINO, "{\"level\":true,\"msg\":false}", m("level", "true", "msg", "false")),
                c(
                        "object value as compact JSON with sorted keys",
                        PINO,
                        "{\"msg\":{\"b\":1,\"a\":[1, 2.50]}}",
                        m("msg", "{\"a\":[1,2.5],\"b\":1}")),
                c(
                        "HTML characters escaped as Go does",
                        PINO,
                        "{\"msg\":{\"h\":\"<a&b>\"}}",
                        m("msg", "{\"h\":\"\\u003ca\\u0026b\\u003e\"}")),
                c("duplicate key: last wins", PINO, "{\"level\":30,\"level\":40}", m("level", "40")),
                c(
                        "nested objects skipped",
                        PINO,
                        "{\"req\":{\"id\":1,\"headers\":{\"a\":[1,{\"b\":null}]}},\"level\":30}",
                        m("level", "30")),
                c("whitespace around", PINO, "  { \"level\" : 30 }  ", m("level", "30")),
                c("escaped key", PINO, "{\"lev\\u0065l\":30}", m("level", "30")),
                c(
                        "JMESPath nested path",
                        "{user: 'req.user.name', first: 'items[0]'}",
                        "{\"req\":{\"user\":{\"name\":\"ann\"}},\"items\":[\"x\",\"y\"]}",
                        m("user", "ann", "first", "x")),
                c("JMESPath empty expression means the name", "{level: ''}", "{\"level\":30}", m("level", "30")),
                c("quoted identifier", "{lvl: '\"log.level\"'}", "{\"log.level\":\"info\"}", m("lvl", "info")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void extracts(Case c) {
        TestPipeline p = TestPipeline.of("- json: {expressions: " + c.expressions() + "}");
        p.send(c.line());
        assertThat(p.lines()).containsExactly(c.line());
        Entry e = p.out.get(0);
        c.expected()
                .forEach((name, value) ->
                        assertThat(e.extracted().get(name)).as(name).isEqualTo(value));
    }

    static Stream<Named<String>> notJson() {
        return Stream.of(
                Named.of("plain text", "GET /api/items 200"),
                Named.of("empty", ""),
                Named.of("truncated object", "{\"level\":30,\"msg\":\"cut"),
                Named.of("trailing garbage", "{\"level\":30} extra"),
                Named.of("two objects", "{\"a\":1}{\"b\":2}"),
                Named.of("array", "[1,2]"),
                Named.of("number", "30"),
                Named.of("single quotes", "{'level':30}"),
                Named.of("unquoted key", "{level:30}"),
                Named.of("trailing comma", "{\"level\":30,}"),
                Named.of("leading zero", "{\"level\":030}"),
                Named.of("bad escape", "{\"msg\":\"\\x41\"}"),
                Named.of("raw newline in string", "{\"msg\":\"a\nb\"}"),
                Named.of("bad literal", "{\"ok\":tru}"),
                Named.of("number out of float64 range", "{\"level\":1e999}"),
                Named.of("number out of float64 range in another key", "{\"other\":-1E400,\"level\":30}"),
                Named.of("stack trace", "Error: boom\n    at x (y.js:1:1)"));
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void passesLinesThatAreNotAJsonObjectUntouched(String line) {
        TestPipeline p = TestPipeline.of("- json: {expressions: {level: level}}");
        p.send(line);
        assertThat(p.lines()).containsExactly(line);
        assertThat(p.out.get(0).extracted().get("level")).isNull();
        assertThat(p.problems("json", "not_json")).isEqualTo(1.0);
    }

    @ParameterizedTest
    @MethodSource("notJson")
    void theTreeReaderAgreesOnWhatIsNotJson(String line) {
        TestPipeline p = TestPipeline.of("- json: {expressions: {level: 'level || `0`'}}");
        p.send(line);
        assertThat(p.out.get(0).extracted().get("level")).isNull();
    }

    @Test
    void dropMalformedDropsAndAcknowledges() {
        TestPipeline p = TestPipeline.of("- json: {expressions: {level: level}, drop_malformed: true}");
        p.sendAll("not json", "{\"level\":30}");
        assertThat(p.lines()).containsExactly("{\"level\":30}");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t1", PushOutcome.DROPPED));
        assertThat(p.dropped("json", "malformed_json")).isEqualTo(1.0);
    }

    @Test
    void sourceReadsAnExtractedValue() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^\\S+ (?P<payload>.*)$'}
                - json: {expressions: {user: user}, source: payload}
                """);
        p.sendAll("2026-01-27T12:39:48Z {\"user\":\"ann\"}", "no-space-here");
        assertThat(p.out.get(0).extracted().get("user")).isEqualTo("ann");
        assertThat(p.out.get(1).extracted().get("user"))
                .as("missing source: nothing happens")
                .isNull();
        assertThat(p.problems("json", "not_json")).isEqualTo(0.0);
    }

    @Test
    void aLabelOfTheSameNameIsReplacedOrRemovedLikeAlloysNil() {
        TestPipeline p = TestPipeline.of("- json: {expressions: {app: app}}");
        p.sendAll("{\"app\":\"from-json\"}", "{\"other\":1}", "plain");
        assertThat(p.out.get(0).extracted().get("app")).isEqualTo("from-json");
        assertThat(p.out.get(1).extracted().get("app")).isNull();
        assertThat(p.out.get(2).extracted().get("app"))
                .as("not JSON: extracted values untouched")
                .isEqualTo("api");
    }
}
