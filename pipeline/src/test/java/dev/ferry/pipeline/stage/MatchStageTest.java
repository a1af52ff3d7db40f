package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.TestPipeline;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MatchStageTest {
    record Case(String selector, Labels labels, String line, boolean ranNested) {}

    private static final Labels PLEX = Labels.of("namespace", "plex", "source", "file");
    private static final Labels API = Labels.of("namespace", "prod", "app", "api");

    static Stream<Named<Case>> cases() {
        return Stream.of(
                Named.of("selector matches", new Case("{namespace=\"plex\", source=\"file\"}", PLEX, "x", true)),
                Named.of("selector does not match", new Case("{namespace=\"plex\", source=\"file\"}", API, "x", false)),
                Named.of("regex selector", new Case("{namespace=~\"pl.*\"}", PLEX, "x", true)),
                Named.of(
                        "with a line filter that holds", new Case("{app=\"api\"} |= \"error\"", API, "an error", true)),
                Named.of("with a line filter that fails", new Case("{app=\"api\"} |= \"error\"", API, "fine", false)));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void runsNestedStagesOnlyForMatchingEntries(Case c) {
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '%s'
                    stages:
                      - static_labels: {values: {matched: "yes"}}
                - static_labels: {values: {after: "yes"}}
                """.formatted(c.selector()));
        p.send("s", c.labels(), c.line());
        assertThat(p.out).singleElement().satisfies(e -> {
            assertThat(e.labels().get("matched")).isEqualTo(c.ranNested() ? "yes" : null);
            assertThat(e.labels().get("after")).isEqualTo("yes");
        });
    }

    @Test
    void actionDropDropsMatchingEntriesWithItsReason() {
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '{app="api"} |~ "GET /health"'
                    action: drop
                    drop_counter_reason: probes
                """);
        p.sendAll("GET /health 200", "GET /items 200");
        assertThat(p.lines()).containsExactly("GET /items 200");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t1", PushOutcome.DROPPED));
        assertThat(p.dropped("match", "probes")).isEqualTo(1.0);
    }

    @Test
    void nestedMultilineIsTickedFlushedAndEndedThroughTheMatch() {
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '{app="api"}'
                    pipeline_name: ignored
                    stages:
                      - multiline: {firstline: '^\\S', max_wait_time: 1s}
                """);
        p.sendAll("a", "  b");
        p.time.advance(Duration.ofSeconds(1));
        p.pipeline.tick();
        assertThat(p.lines()).containsExactly("a\n  b");
        p.send("c");
        p.pipeline.endStream("s1");
        assertThat(p.lines()).containsExactly("a\n  b", "c");
        p.send("d");
        p.pipeline.flush();
        assertThat(p.lines()).containsExactly("a\n  b", "c", "d");
    }

    @Test
    void nestedDropAcknowledges() {
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '{app="api"}'
                    stages:
                      - drop: {expression: debug}
                """);
        p.sendAll("debug x", "info y");
        assertThat(p.lines()).containsExactly("info y");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t1", PushOutcome.DROPPED));
    }
}
