package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.loki.LineTruncation;
import dev.ferry.loki.PushOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineEngineTest {
    private static final String MULTILINE = """
            - multiline:
                firstline: '^\\S'
                max_wait_time: 3s
            """;

    @Test
    void droppedEntryIsAcknowledgedDroppedExactlyOnceAndCounted() {
        TestPipeline p = TestPipeline.of("""
                - drop:
                    expression: 'health'
                    drop_counter_reason: health_checks
                """);
        p.sendAll("GET /health 200", "GET /items 200");

        assertThat(p.lines()).containsExactly("GET /items 200");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t1", PushOutcome.DROPPED));
        assertThat(p.dropped("drop", "health_checks")).isEqualTo(1.0);
    }

    @Test
    void joinedEntryCarriesEveryPartsTokenAndSettlesEachOnce() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        p.sendAll("Error: boom", "    at a (x.js:1)", "    at b (x.js:2)", "next");

        assertThat(p.lines()).containsExactly("Error: boom\n    at a (x.js:1)\n    at b (x.js:2)");
        Object token = p.out.get(0).ackToken();
        assertThat(token).isInstanceOf(JoinedToken.class);
        assertThat(((JoinedToken) token).parts()).containsExactly("t1", "t2", "t3");
        assertThat(p.acks).as("nothing is settled by the pipeline itself").isEmpty();

        List<TestPipeline.Ack> settled = new ArrayList<>();
        JoinedToken.settling((t, o) -> settled.add(new TestPipeline.Ack(t, o))).acknowledged(token, PushOutcome.SENT);
        assertThat(settled)
                .containsExactly(
                        new TestPipeline.Ack("t1", PushOutcome.SENT),
                        new TestPipeline.Ack("t2", PushOutcome.SENT),
                        new TestPipeline.Ack("t3", PushOutcome.SENT));
    }

    @Test
    void singleLineBlockKeepsItsOwnToken() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        p.sendAll("one", "two");
        assertThat(p.out).hasSize(1);
        assertThat(p.out.get(0).ackToken()).isEqualTo("t1");
    }

    @Test
    void joinedEntryDroppedLaterSettlesEveryPartAsDropped() {
        TestPipeline p = TestPipeline.of(MULTILINE + """
                - drop:
                    expression: 'boom'
                """);
        p.sendAll("Error: boom", "    at a (x.js:1)", "next");

        assertThat(p.out).isEmpty();
        assertThat(p.acks)
                .containsExactly(
                        new TestPipeline.Ack("t1", PushOutcome.DROPPED),
                        new TestPipeline.Ack("t2", PushOutcome.DROPPED));
        assertThat(p.dropped("drop", "drop_stage")).isEqualTo(1.0);
    }

    @Test
    void multilineStateIsPerStream() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        Labels a = Labels.of("pod", "a");
        Labels b = Labels.of("pod", "b");
        p.send("A", a, "A1 start");
        p.send("B", b, "B1 start");
        p.send("A", a, "  A1 more");
        p.send("B", b, "  B1 more");
        p.send("A", a, "A2 start");
        p.send("B", b, "B2 start");

        assertThat(p.lines()).containsExactly("A1 start\n  A1 more", "B1 start\n  B1 more");
        assertThat(p.out.get(0).labels().get("pod")).isEqualTo("a");
        assertThat(p.out.get(1).labels().get("pod")).isEqualTo("b");
    }

    @Test
    void timerReleasesAHeldBlockAfterTheStreamIsQuietForMaxWait() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        p.sendAll("Error: boom", "    at a");
        p.time.advance(Duration.ofSeconds(2));
        p.pipeline.tick();
        assertThat(p.out).isEmpty();

        p.send("    at b"); // a new line restarts the wait, as Alloy's timer does
        p.time.advance(Duration.ofMillis(2999));
        p.pipeline.tick();
        assertThat(p.out).isEmpty();

        p.time.advance(Duration.ofMillis(1));
        p.pipeline.tick();
        assertThat(p.lines()).containsExactly("Error: boom\n    at a\n    at b");
    }

    @Test
    void releasedBlockRunsThroughTheStagesAfterTheMultiline() {
        TestPipeline p = TestPipeline.of(MULTILINE + """
                - static_labels:
                    values: {joined: "yes"}
                """);
        p.sendAll("Error: boom", "    at a");
        p.time.advance(Duration.ofSeconds(3));
        p.pipeline.tick();
        assertThat(p.out)
                .singleElement()
                .satisfies(e -> assertThat(e.labels().get("joined")).isEqualTo("yes"));
    }

    @Test
    void endStreamReleasesThatStreamOnlyAndForgetsIt() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        p.send("A", Labels.of("pod", "a"), "A start");
        p.send("B", Labels.of("pod", "b"), "B start");
        p.pipeline.endStream("A");
        assertThat(p.lines()).containsExactly("A start");
        p.send("A", Labels.of("pod", "a"), "  orphan after end");
        assertThat(p.lines())
                .as("a new stream passes lines through until its first first-line")
                .containsExactly("A start", "  orphan after end");
        p.pipeline.flush();
        assertThat(p.lines()).containsExactly("A start", "  orphan after end", "B start");
    }

    @Test
    void flushReleasesEverythingHeld() {
        TestPipeline p = TestPipeline.of(MULTILINE);
        p.sendAll("first", "  second");
        p.pipeline.flush();
        assertThat(p.lines()).containsExactly("first\n  second");
        p.pipeline.flush();
        assertThat(p.out).hasSize(1);
    }

    @Test
    void overlongLineIsTruncatedAtACharacterBoundary() {
        TestPipeline p = TestPipeline.of("[]", new MaxLineSize(5, MaxLineSize.Action.TRUNCATE));
        p.sendAll("abcé€", "abcdef", "abcde");
        assertThat(p.lines()).containsExactly("abcé", "abcde", "abcde");
        assertThat(p.meters.find(PipelineMetrics.TRUNCATED).counter().count()).isEqualTo(2.0);
    }

    @Test
    void overlongLineEndsWithTheMarkerWhenThereIsRoomForIt() {
        TestPipeline p = TestPipeline.of("[]", new MaxLineSize(30, MaxLineSize.Action.TRUNCATE));
        p.sendAll("a".repeat(30), "b".repeat(31));
        assertThat(p.lines()).containsExactly("a".repeat(30), "bbbbbbb" + LineTruncation.MARKER);
    }

    @Test
    void overlongLineIsDroppedAndAcknowledgedWhenTheActionIsDrop() {
        TestPipeline p = TestPipeline.of("[]", new MaxLineSize(4, MaxLineSize.Action.DROP));
        p.sendAll("abcd", "abcde");
        assertThat(p.lines()).containsExactly("abcd");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t2", PushOutcome.DROPPED));
        assertThat(p.dropped("output", PipelineMetrics.REASON_LINE_TOO_LONG)).isEqualTo(1.0);
    }

    @Test
    void observerSeesEachStageInputDropsAndOutputs() {
        List<String> seen = new ArrayList<>();
        PipelineObserver observer = new PipelineObserver() {
            @Override
            public void entering(String path, String stageName, Entry entry) {
                seen.add("enter " + path + " " + stageName + ": " + entry.line());
            }

            @Override
            public void dropped(String path, String stageName, Entry entry, String reason) {
                seen.add("drop " + path + " " + stageName + " " + reason);
            }

            @Override
            public void output(Entry entry) {
                seen.add("out " + entry.line());
            }
        };
        TestPipeline p = TestPipeline.of("""
                - match:
                    selector: '{app="api"}'
                    stages:
                      - drop: {expression: secret}
                - static_labels: {values: {x: "1"}}
                """, observer);
        p.sendAll("hello", "secret");
        assertThat(seen)
                .containsExactly(
                        "enter 1 match: hello",
                        "enter 1.1 drop: hello",
                        "enter 2 static_labels: hello",
                        "out hello",
                        "enter 1 match: secret",
                        "enter 1.1 drop: secret",
                        "drop 1.1 drop drop_stage");
    }

    @Test
    void labelsOfLeavesOutEmptyValuesAndReusesTheSameInstance() {
        TestPipeline p = TestPipeline.of("""
                - static_labels: {values: {level: info}}
                """);
        p.send("s", Labels.of("app", "api", "empty", ""), "one");
        p.send("s", Labels.of("app", "api", "empty", ""), "two");
        Labels first = p.pipeline.labelsOf(p.out.get(0));
        assertThat(first).isEqualTo(Labels.of("app", "api", "level", "info"));
        assertThat(p.pipeline.labelsOf(p.out.get(1))).isSameAs(first);
    }

    @Test
    void toLogEntryCarriesTimestampLineAndMetadataInOrder() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '(?P<b>\\w+) (?P<a>\\w+)'}
                - structured_metadata: {values: {b: "", a: ""}}
                """);
        p.send("x y");
        var e = p.out.get(0).toLogEntry();
        assertThat(e.line()).isEqualTo("x y");
        assertThat(e.epochNanos()).isEqualTo(p.time.epochNanos());
        assertThat(e.metadata().toMap()).containsExactly(java.util.Map.entry("b", "x"), java.util.Map.entry("a", "y"));
    }

    @Test
    void joinFlattensNestedJoinedTokensAndSkipsNulls() {
        Object inner = JoinedToken.join(new Object[] {"a", "b"}, 2);
        Object outer = JoinedToken.join(new Object[] {inner, null, "c"}, 3);
        assertThat(((JoinedToken) outer).parts()).containsExactly("a", "b", "c");
        assertThat(JoinedToken.join(new Object[] {null, "only"}, 2)).isEqualTo("only");
        assertThat(JoinedToken.join(new Object[] {null, null}, 2)).isNull();
    }
}
