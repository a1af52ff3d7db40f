package dev.ferry.agent.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.agent.positions.AckToken;
import dev.ferry.agent.positions.OffsetTracker;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.loki.LokiClient;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.loki.PushOutcome;
import dev.ferry.loki.StructuredMetadata;
import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.Answer;
import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real Loki clients behind a {@link FanoutSink}, each pushing to its own {@link FakeLoki}: one
 * healthy, one dead or failing. Entries carry the tokens of a real {@link OffsetTracker}, so the
 * tests see where the source's position goes.
 */
class FanoutSinkTest {
    private static final Instant T0 = Instant.parse("2026-01-27T12:39:48Z");
    private static final Labels LABELS = Labels.of("app", "api");
    private static final long MAX_BUFFERED = 16 * 1024;
    private static final Duration FULL_WAIT = Duration.ofMillis(200);

    private final FakeLoki healthy = FakeLoki.start();
    private final FakeLoki other = FakeLoki.start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<LokiClient> clients = new ArrayList<>();
    private FanoutSink sink;

    @AfterEach
    void tearDown() {
        if (sink != null) {
            sink.stopWaiting();
            sink.close();
        }
        healthy.close();
        other.close();
    }

    /** The fanout over {@code healthy} (endpoint 0) and {@code other} (endpoint 1, named "other"). */
    private FanoutSink fanout(AckListener sourceAcks, int otherRetries) {
        List<EntrySink> sinks = new ArrayList<>();
        sinks.add(lokiSink(healthy, "healthy", 0, 10));
        sinks.add(lokiSink(other, "other", 1, otherRetries));
        sink = new FanoutSink(sinks, sourceAcks, meters, FULL_WAIT);
        return sink;
    }

    private LokiSink lokiSink(FakeLoki loki, String name, int index, int retries) {
        LokiClient client = new LokiClient(
                LokiClientConfig.builder(loki.pushUrl())
                        .name(name)
                        .batchSize(4 * 1024)
                        .batchWait(Duration.ofMillis(20))
                        .maxBufferedBytes(MAX_BUFFERED)
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(20), retries)
                        .build(),
                FanoutSink.innerListener(index),
                meters);
        clients.add(client);
        return new LokiSink(client, Duration.ofSeconds(5));
    }

    private static LogEntry entry(int i) {
        return LogEntry.of(T0.plusMillis(i), String.format("line-%06d", i), StructuredMetadata.EMPTY);
    }

    /** Pushes entries {@code from..to} on a thread of its own (a push may wait), each with its token. */
    private Thread pushAll(int from, int to, IntFunction<Object> token) {
        return Thread.ofPlatform().name("source").start(() -> {
            for (int i = from; i < to; i++) {
                sink.push(null, LABELS, entry(i), token.apply(i));
            }
        });
    }

    /** How many times each line reached {@code loki} with a 2xx. */
    private static Map<String, Integer> received(FakeLoki loki) {
        Map<String, Integer> counts = new HashMap<>();
        for (ReceivedEntry e : loki.acceptedEntries()) {
            counts.merge(e.line(), 1, Integer::sum);
        }
        return counts;
    }

    /** The source is parked in a push: no endpoint has room for its entry. */
    private static boolean waiting(Thread source) {
        Thread.State state = source.getState();
        return state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING;
    }

    private double counter(String name, String... tags) {
        var c = meters.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    private double detached(String endpoint) {
        return meters.get("ferry.sink.endpoint.detached")
                .tag("endpoint", endpoint)
                .gauge()
                .value();
    }

    @Test
    void aDeadEndpointNeitherStopsTheHealthyOneNorHoldsThePositionBack() throws Exception {
        other.answerByDefault(Answer.closeConnection());
        OffsetTracker tracker = new OffsetTracker(0, 0);
        fanout(AckToken.LISTENER, 1_000_000); // the dead endpoint never gives up on its own
        int n = 3_000; // ~20 times what the dead endpoint's buffer holds
        List<AckToken> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(tracker.register(i + 1, 0));
        }
        Thread source = pushAll(0, n, tokens::get);

        await().atMost(Duration.ofSeconds(30)).until(() -> received(healthy).size() == n);
        source.join();
        assertThat(received(healthy).values()).as("every line exactly once").allMatch(c -> c == 1);
        assertThat(clients.get(1).bufferedBytes()).as("memory bounded").isLessThanOrEqualTo(MAX_BUFFERED);
        assertThat(detached("other")).isEqualTo(1);
        assertThat(counter("ferry.sink.entries.dropped", "endpoint", "other", "reason", "full"))
                .as("what the dead endpoint could not hold is counted as dropped for it")
                .isGreaterThan(0);
        assertThat(counter("ferry.sink.entries.dropped", "endpoint", "healthy", "reason", "full"))
                .isZero();
        await().untilAsserted(() -> assertThat(tracker.committed())
                .as("the position follows the healthy endpoint once the dead one is detached")
                .isEqualTo(n));

        // the dead endpoint comes back: it delivers, is attached again, and positions wait for it again
        other.answerByDefault(Answer.status(204, ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> detached("other") == 0);
        for (int i = n; i < n + 100; i++) {
            tokens.add(tracker.register(i + 1, 0));
        }
        pushAll(n, n + 100, tokens::get).join();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received(other).keySet().containsAll(List.of("line-003000", "line-003099")));
        await().untilAsserted(() -> assertThat(tracker.committed()).isEqualTo(n + 100));
    }

    @Test
    void anEndpointThatGaveUpIsGivenTheEntriesAgainAloneAndTheHealthyOneGetsEachOnce() throws Exception {
        // the flaky endpoint fails its first requests with no retry left, so it gives up on batches
        other.answerNext(
                Answer.status(500, "down"),
                Answer.status(500, "down"),
                Answer.status(500, "down"),
                Answer.status(500, "down"));
        int n = 1_000;
        Map<Integer, List<PushOutcome>> outcomes = new ConcurrentHashMap<>();
        AtomicInteger rereads = new AtomicInteger();
        // the source: a FAILED entry is read again and pushed again, as a file source does
        AckListener source = (token, outcome) -> {
            int i = (Integer) token;
            outcomes.computeIfAbsent(i, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add(outcome);
            if (outcome == PushOutcome.FAILED) {
                rereads.incrementAndGet();
                Thread.ofVirtual().start(() -> sink.push(null, LABELS, entry(i), i));
            }
        };
        fanout(source, 0);
        pushAll(0, n, i -> i).join();

        await().atMost(Duration.ofSeconds(30)).until(() -> received(other).size() == n && outcomes.size() == n);
        assertThat(received(healthy)).hasSize(n);
        assertThat(received(healthy).values())
                .as("the healthy endpoint got every line exactly once")
                .allMatch(c -> c == 1);
        assertThat(rereads.get()).as("no source had to read anything again").isZero();
        assertThat(outcomes.values()).allMatch(o -> o.equals(List.of(PushOutcome.SENT)));
        assertThat(counter("ferry.sink.entries.resent", "endpoint", "other")).isGreaterThan(0);
        assertThat(counter("ferry.sink.entries.resent", "endpoint", "healthy")).isZero();
    }

    @Test
    void whenEveryEndpointIsFullPushWaitsAndDropsNothing() throws Exception {
        healthy.answerByDefault(Answer.closeConnection());
        other.answerByDefault(Answer.closeConnection());
        OffsetTracker tracker = new OffsetTracker(0, 0);
        fanout(AckToken.LISTENER, 1_000_000);
        int n = 1_000;
        List<AckToken> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tokens.add(tracker.register(i + 1, 0));
        }
        Thread source = pushAll(0, n, tokens::get);

        await().atMost(Duration.ofSeconds(10)).until(() -> waiting(source));
        await().during(FULL_WAIT.multipliedBy(3))
                .atMost(Duration.ofSeconds(10))
                .until(() -> source.isAlive()
                        && counter("ferry.sink.entries.dropped", "endpoint", "healthy", "reason", "full") == 0
                        && counter("ferry.sink.entries.dropped", "endpoint", "other", "reason", "full") == 0
                        && tracker.committed() == 0);
        assertThat(detached("healthy") + detached("other")).isZero();

        // one comes back: it takes everything, and the one still down is detached
        healthy.answerByDefault(Answer.status(204, ""));
        await().atMost(Duration.ofSeconds(30)).until(() -> received(healthy).size() == n);
        source.join();
        assertThat(received(healthy).values()).allMatch(c -> c == 1);
        assertThat(detached("other")).isEqualTo(1);
        await().untilAsserted(() -> assertThat(tracker.committed()).isEqualTo(n));
    }

    @Test
    void shuttingDownFailsWhatNoEndpointTookSoItIsReadAgain() throws Exception {
        healthy.answerByDefault(Answer.closeConnection());
        other.answerByDefault(Answer.closeConnection());
        Map<Integer, PushOutcome> outcomes = new ConcurrentHashMap<>();
        fanout((token, outcome) -> outcomes.put((Integer) token, outcome), 1_000_000);
        int n = 1_000;
        Thread source = pushAll(0, n, i -> i);
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting(source));

        sink.stopWaiting();
        source.join();
        sink.close();
        assertThat(outcomes).hasSize(n);
        assertThat(outcomes.values()).containsOnly(PushOutcome.FAILED);
    }
}
