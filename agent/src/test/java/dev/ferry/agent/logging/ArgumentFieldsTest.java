package dev.ferry.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;

/**
 * {@code key={}} in a log call makes the argument that key's value whatever it holds: spaces, quotes, {@code =}, a
 * newline. Such a value is one field (quoted in logfmt, a string in JSON), never text merged into msg.
 */
class ArgumentFieldsTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-27T12:39:48.421Z"), ZoneOffset.UTC);
    private static final String TS = "ts=2026-01-27T12:39:48.421Z level=warn logger=X ";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final FerryLoggerFactory factory = new FerryLoggerFactory(CLOCK, lines::add);

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "a value with spaces",
                        "positions loaded file={} sources={}",
                        new Object[] {"/var/lib/ferry data/positions.yaml", 2},
                        "msg=\"positions loaded\" file=\"/var/lib/ferry data/positions.yaml\" sources=2",
                        "positions loaded",
                        Map.of("file", "/var/lib/ferry data/positions.yaml", "sources", "2")),
                Arguments.of(
                        "a quoted value holding quotes before spaces",
                        "read failed error=\"{}\" path={}",
                        new Object[] {"say \"hi\" now", "/a"},
                        "msg=\"read failed\" error=\"say \\\"hi\\\" now\" path=/a",
                        "read failed",
                        Map.of("error", "say \"hi\" now", "path", "/a")),
                Arguments.of(
                        "a value holding = and spaces",
                        "relabel failed rule={} source={}",
                        new Object[] {"a=b c=d", "pods"},
                        "msg=\"relabel failed\" rule=\"a=b c=d\" source=pods",
                        "relabel failed",
                        Map.of("rule", "a=b c=d", "source", "pods")),
                Arguments.of(
                        "a label set as a value",
                        "batch rejected status={} first_stream={} message=\"{}\"",
                        new Object[] {400, "{app=\"api\", level=\"info\"}", "entry too old \"x\" "},
                        "msg=\"batch rejected\" status=400 first_stream=\"{app=\\\"api\\\", level=\\\"info\\\"}\""
                                + " message=\"entry too old \\\"x\\\" \"",
                        "batch rejected",
                        Map.of(
                                "status",
                                "400",
                                "first_stream",
                                "{app=\"api\", level=\"info\"}",
                                "message",
                                "entry too old \"x\" ")),
                Arguments.of(
                        "words after pairs stay in msg",
                        "loki endpoint={} push failed attempt={} retry_in={}ms",
                        new Object[] {"default", 2, 500},
                        "msg=\"loki push failed\" endpoint=default attempt=2 retry_in=500ms",
                        "loki push failed",
                        Map.of("endpoint", "default", "attempt", "2", "retry_in", "500ms")),
                Arguments.of(
                        "an argument outside a value is words, = and all",
                        "pipeline failed on an entry, rejected: {}",
                        new Object[] {"java.lang.IllegalStateException: x=y \"bad\""},
                        "msg=\"pipeline failed on an entry, rejected: java.lang.IllegalStateException: x=y"
                                + " \\\"bad\\\"\"",
                        "pipeline failed on an entry, rejected: java.lang.IllegalStateException: x=y \"bad\"",
                        Map.of()),
                Arguments.of(
                        "an argument that looks like a key is not one",
                        "{} failed source={}",
                        new Object[] {"open a=b", "api"},
                        "msg=\"open a=b failed\" source=api",
                        "open a=b failed",
                        Map.of("source", "api")),
                Arguments.of(
                        "an argument starting with a quote is still the whole value",
                        "x v={} w={}",
                        new Object[] {"\"quoted\" rest", "1"},
                        "msg=x v=\"\\\"quoted\\\" rest\" w=1",
                        "x",
                        Map.of("v", "\"quoted\" rest", "w", "1")),
                Arguments.of(
                        "an empty value",
                        "started source={} path={}",
                        new Object[] {"", "a"},
                        "msg=started source=\"\" path=a",
                        "started",
                        Map.of("source", "", "path", "a")),
                Arguments.of(
                        "a newline in a value",
                        "parse failed line={} at={}",
                        new Object[] {"a\nb c", 3},
                        "msg=\"parse failed\" line=\"a\\nb c\" at=3",
                        "parse failed",
                        Map.of("line", "a\nb c", "at", "3")),
                Arguments.of(
                        "null, an array and an escaped placeholder",
                        "literal \\{} then a={} b={}",
                        new Object[] {null, new int[] {1, 2}},
                        "msg=\"literal {} then\" a=null b=\"[1, 2]\"",
                        "literal {} then",
                        Map.of("a", "null", "b", "[1, 2]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logfmt(String name, String pattern, Object[] args, String logfmt, String msg, Map<String, String> fields) {
        factory.configure(LogSettings.parse("info", "logfmt"));
        Logger log = factory.getLogger("dev.ferry.X");

        log.warn(pattern, args);

        assertThat(lines).containsExactly(TS + logfmt + "\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void json(String name, String pattern, Object[] args, String logfmt, String msg, Map<String, String> fields)
            throws Exception {
        factory.configure(LogSettings.parse("info", "json"));
        Logger log = factory.getLogger("dev.ferry.X");

        log.warn(pattern, args);

        assertThat(lines).hasSize(1);
        JsonNode line = JSON.readTree(lines.get(0));
        assertThat(line.get("msg").asText()).isEqualTo(msg);
        Map<String, String> written = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        line.properties().forEach(e -> names.add(e.getKey()));
        for (String key : names.subList(4, names.size())) {
            written.put(key, line.get(key).asText());
        }
        assertThat(written).isEqualTo(fields);
    }
}
