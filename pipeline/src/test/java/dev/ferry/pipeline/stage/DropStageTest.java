package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.TestPipeline;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DropStageTest {
    record Case(String args, String line, boolean dropped) {}

    private static Named<Case> c(String name, String args, String line, boolean dropped) {
        return Named.of(name, new Case(args, line, dropped));
    }

    private static final String HEALTH = "{expression: '.*GET /(api/)?health/(readiness|liveness).*'}";
    // a json stage first fills the extracted values a, b from lines such as {"a":"x","b":"y"}

    static Stream<Named<Case>> cases() {
        return Stream.of(
                c(
                        "user's health check, readiness",
                        HEALTH,
                        "10.0.0.5 - - [27/Jan/2026:12:39:48 +0000] \"GET /health/readiness HTTP/1.1\" 200 2",
                        true),
                c("user's health check, api liveness", HEALTH, "GET /api/health/liveness 200 1.2 ms", true),
                c("other path kept", HEALTH, "GET /api/items 200 5 ms", false),
                c("other method on the health path kept", HEALTH, "POST /health/readiness 405", false),
                c("another health endpoint kept", HEALTH, "GET /health/startup 200", false),
                c(
                        "health check inside a JSON line",
                        HEALTH,
                        "{\"level\":30,\"msg\":\"GET /api/health/readiness 200\"}",
                        true),
                c("expression is unanchored", "{expression: 'kube-probe'}", "ua=kube-probe/1.30", true),
                c("expression not matching", "{expression: '^DEBUG'}", "INFO x", false),
                c("source present, no expression: drops", "{source: a}", "{\"a\":\"x\"}", true),
                c("source missing, no expression: keeps", "{source: c}", "{\"a\":\"x\"}", false),
                c("all sources must be present", "{source: [a, c]}", "{\"a\":\"x\"}", false),
                c("comma-separated sources, all present", "{source: 'a,b'}", "{\"a\":\"x\",\"b\":\"y\"}", true),
                c("source with expression", "{source: a, expression: '^x+$'}", "{\"a\":\"xx\"}", true),
                c("source with expression, no match", "{source: a, expression: '^x+$'}", "{\"a\":\"xy\"}", false),
                c(
                        "sources joined with the separator",
                        "{source: [a, b], separator: '|', expression: '^x\\|y$'}",
                        "{\"a\":\"x\",\"b\":\"y\"}",
                        true),
                c("default separator is ;", "{source: [a, b], expression: '^x;y$'}", "{\"a\":\"x\",\"b\":\"y\"}", true),
                c("value equal", "{source: a, value: debug}", "{\"a\":\"debug\"}", true),
                c("value is not a pattern", "{source: a, value: 'de.ug'}", "{\"a\":\"debug\"}", false),
                c("longer_than drops long lines", "{longer_than: 8}", "123456789", true),
                c("longer_than keeps lines of that length", "{longer_than: 9}", "123456789", false),
                c("longer_than counts UTF-8 bytes", "{longer_than: 4}", "ééé", true),
                c("longer_than with a unit", "{longer_than: 1KB}", "x".repeat(1025), true),
                c("conditions are ANDed", "{longer_than: 3, expression: 'x'}", "yyyyy", false));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void dropsAsAlloyDoes(Case c) {
        TestPipeline p = TestPipeline.of("""
                - json: {expressions: {a: a, b: b}}
                - drop: %s
                """.formatted(c.args()));
        p.send(c.line());
        if (c.dropped()) {
            assertThat(p.out).isEmpty();
            assertThat(p.acks).containsExactly(new TestPipeline.Ack("t1", PushOutcome.DROPPED));
            assertThat(p.dropped("drop", "drop_stage")).isEqualTo(1.0);
        } else {
            assertThat(p.lines()).containsExactly(c.line());
            assertThat(p.acks).isEmpty();
        }
    }

    @Test
    void olderThanComparesTheEntryTimestampWithTheClock() {
        TestPipeline p = TestPipeline.of("- drop: {older_than: 1h, drop_counter_reason: too_old}");
        long now = p.time.epochNanos();
        p.pipeline.process(new Entry(
                "s", TestPipeline.DEFAULT_LABELS, now - Duration.ofMinutes(61).toNanos(), "old", "t1"));
        p.pipeline.process(new Entry(
                "s", TestPipeline.DEFAULT_LABELS, now - Duration.ofMinutes(59).toNanos(), "recent", "t2"));
        assertThat(p.lines()).containsExactly("recent");
        assertThat(p.dropped("drop", "too_old")).isEqualTo(1.0);
    }
}
