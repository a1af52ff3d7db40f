package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.file.FileTarget;
import dev.ferry.agent.file.LineSink;
import dev.ferry.agent.positions.AckToken;
import dev.ferry.agent.positions.MutableClock;
import dev.ferry.agent.positions.OffsetTracker;
import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.JoinedToken;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CriLineFramerTest {
    static final FileTarget TARGET = new FileTarget("pods", "/var/log/pods/ns_a_u/app/0.log", Labels.of("app", "a"));
    static final long READ_TIME = 42;
    static final String T1 = "2026-01-27T12:39:48.421234567Z";
    static final long T1_NANOS = Instant.parse(T1).getEpochSecond() * 1_000_000_000L + 421234567L;
    static final String T2 = "2026-01-27T12:39:49.000000001Z";
    static final long T2_NANOS = Instant.parse(T2).getEpochSecond() * 1_000_000_000L + 1L;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final KubernetesSourceMetrics metrics = new KubernetesSourceMetrics(
            registry, "pods", this, x -> 0, x -> 0, new KubernetesApiStatus(java.time.Clock.systemUTC()));
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-27T12:40:00Z"));
    final OffsetTracker tracker = new OffsetTracker(0, 0);
    final Sink sink = new Sink();
    long offset;

    record Offered(String line, long time, Object token) {}

    static final class Sink implements LineSink {
        final List<Offered> offered = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean offer(FileTarget target, String line, long epochNanos, Object ackToken) {
            if (refuse) {
                return false;
            }
            offered.add(new Offered(line, epochNanos, ackToken));
            return true;
        }

        List<String> lines() {
            return offered.stream().map(Offered::line).toList();
        }
    }

    CriLineFramer framer(long maxLineBytes) {
        return new CriLineFramer(clock, maxLineBytes, 5_000, metrics);
    }

    /** Offers {@code line} as the tailer would: a token registered first, taken back when refused. */
    boolean offer(CriLineFramer framer, String line) {
        offset += line.length() + 1;
        AckToken token = tracker.register(offset, 0);
        boolean taken = framer.offer(TARGET, line, READ_TIME, token, sink);
        if (!taken) {
            tracker.cancelLast(token);
            offset -= line.length() + 1;
        }
        return taken;
    }

    double counter(String reason) {
        return registry.get("ferry.kubernetes.lines.special")
                .tag("reason", reason)
                .counter()
                .count();
    }

    static Stream<Arguments> singleLines() {
        return Stream.of(
                Arguments.of("cri stdout full", T1 + " stdout F hello world", "hello world", T1_NANOS),
                Arguments.of("cri stderr full", T1 + " stderr F oops", "oops", T1_NANOS),
                Arguments.of("cri empty content", T1 + " stdout F ", "", T1_NANOS),
                Arguments.of("cri without flag", T1 + " stdout plain", "plain", T1_NANOS),
                Arguments.of("cri keeps inner spaces", T1 + " stdout F   indented", "indented", T1_NANOS),
                Arguments.of(
                        "docker json",
                        "{\"log\":\"{\\\"level\\\":30}\\n\",\"stream\":\"stdout\",\"time\":\"" + T1 + "\"}",
                        "{\"level\":30}",
                        T1_NANOS),
                Arguments.of("no header: as read", "just text", "just text", READ_TIME),
                Arguments.of("json without docker fields: as read", "{\"msg\":\"hi\"}", "{\"msg\":\"hi\"}", READ_TIME),
                Arguments.of("bad timestamp: read time", "yesterday stdout F text", "text", READ_TIME));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleLines")
    void aFullLineBecomesOneEntryWithTheRuntimesTimestamp(String name, String line, String text, long time) {
        CriLineFramer f = framer(1024);
        assertThat(offer(f, line)).isTrue();
        assertThat(sink.offered)
                .containsExactly(new Offered(text, time, sink.offered.get(0).token()));
        assertThat(sink.offered.get(0).token()).isInstanceOf(AckToken.class);
    }

    @Test
    void partialLinesJoinPerStreamAndCarryEveryPartsToken() {
        CriLineFramer f = framer(1024);
        offer(f, T1 + " stdout P first ");
        offer(f, T1 + " stderr F an error between the parts");
        offer(f, T1 + " stdout P second ");
        offer(f, T2 + " stdout F third");
        assertThat(sink.lines()).containsExactly("an error between the parts", "first second third");
        assertThat(sink.offered.get(1).time()).isEqualTo(T2_NANOS);
        Object joined = sink.offered.get(1).token();
        assertThat(joined).isInstanceOf(JoinedToken.class);
        assertThat(((JoinedToken) joined).parts()).hasSize(3);

        // settling the stderr line alone cannot pass the stdout parts before it; the joined entry does
        JoinedToken.settle(sink.offered.get(0).token(), PushOutcome.SENT, AckToken.LISTENER);
        assertThat(tracker.committed()).isZero();
        JoinedToken.settle(joined, PushOutcome.SENT, AckToken.LISTENER);
        assertThat(tracker.committed()).isEqualTo(offset);
    }

    @Test
    void dockerPartialsAreTheLogTextsWithoutANewline() {
        CriLineFramer f = framer(1024);
        offer(f, "{\"log\":\"abc\",\"stream\":\"stdout\",\"time\":\"" + T1 + "\"}");
        offer(f, "{\"log\":\"def\\n\",\"stream\":\"stdout\",\"time\":\"" + T2 + "\"}");
        assertThat(sink.offered)
                .extracting(Offered::line, Offered::time)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("abcdef", T2_NANOS));
    }

    @Test
    void aRefusedEndKeepsThePartsForTheNextOffer() {
        CriLineFramer f = framer(1024);
        offer(f, T1 + " stdout P a");
        sink.refuse = true;
        assertThat(offer(f, T1 + " stdout F b")).isFalse();
        sink.refuse = false;
        assertThat(offer(f, T1 + " stdout F b")).isTrue();
        assertThat(sink.lines()).containsExactly("ab");
        JoinedToken.settle(sink.offered.get(0).token(), PushOutcome.SENT, AckToken.LISTENER);
        assertThat(tracker.committed()).isEqualTo(offset);
        assertThat(tracker.inFlight()).isZero();
    }

    @Test
    void aJoinedLineIsCutAtTheLineLimitOnACharacterBoundary() {
        CriLineFramer f = framer(9);
        offer(f, T1 + " stdout P 1234");
        offer(f, T1 + " stdout P 5678é"); // é is two bytes: the tenth does not fit
        offer(f, T1 + " stdout F end");
        assertThat(sink.lines()).containsExactly("12345678");
        assertThat(counter("truncated")).isEqualTo(1);
    }

    @Test
    void aJoinedLineLongerThanTheLimitIsCutAndCounted() {
        CriLineFramer f = framer(6);
        offer(f, T1 + " stdout P 1234");
        offer(f, T1 + " stdout P é5");
        offer(f, T1 + " stdout F 6789");
        assertThat(sink.lines()).containsExactly("1234é");
        assertThat(counter("truncated")).isEqualTo(1);
        JoinedToken.settle(sink.offered.get(0).token(), PushOutcome.SENT, AckToken.LISTENER);
        assertThat(tracker.committed()).isEqualTo(offset); // the cut parts are passed too
    }

    @Test
    void partsWhoseEndDoesNotComeAreReleasedAfterTheWaitOrWhenTheFileIsFinished() {
        CriLineFramer f = framer(1024);
        offer(f, T1 + " stdout P left ");
        offer(f, T1 + " stdout P alone");
        assertThat(f.idle(TARGET, false, sink)).isTrue();
        assertThat(sink.offered).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(f.idle(TARGET, false, sink)).isTrue();
        assertThat(sink.lines()).containsExactly("left alone");
        assertThat(counter("partial_unterminated")).isEqualTo(1);

        offer(f, T2 + " stderr P cut short");
        sink.refuse = true;
        assertThat(f.idle(TARGET, true, sink)).isFalse();
        sink.refuse = false;
        assertThat(f.idle(TARGET, true, sink)).isTrue();
        assertThat(sink.offered.get(1)).extracting(Offered::line, Offered::time).containsExactly("cut short", T2_NANOS);
    }

    @Test
    void resetForgetsHeldPartsBecauseTheyAreReadAgain() {
        CriLineFramer f = framer(1024);
        offer(f, T1 + " stdout P stale ");
        f.reset();
        offer(f, T1 + " stdout P fresh ");
        offer(f, T1 + " stdout F end");
        assertThat(sink.lines()).containsExactly("fresh end");
        assertThat(((JoinedToken) sink.offered.get(0).token()).parts()).hasSize(2);
    }
}
