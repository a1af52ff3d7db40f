package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.LokiQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/** The checks run against a real Loki, whether a local binary or a container runs it. */
final class LokiRoundTripCheck {
    private LokiRoundTripCheck() {}

    static void entriesWithStructuredMetadataComeBackAsSent(String baseUrl) throws Exception {
        RecordingAcks acks = new RecordingAcks();
        Instant t0 =
                Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30).plusNanos(123_456_789);
        String run = "run" + System.nanoTime();
        Labels labels = Labels.of("app", "ferry-test", "run", run, "quote", "say \"hi\"");
        try (LokiClient client = new LokiClient(
                LokiClientConfig.builder(baseUrl + "/loki/api/v1/push")
                        .batchWait(Duration.ofMillis(100))
                        .build(),
                acks,
                new SimpleMeterRegistry())) {
            client.push(
                    null,
                    labels,
                    LogEntry.of(t0, "first ünïcödé 🚀", StructuredMetadata.of("msg", "first", "module", "db")),
                    1);
            client.push(null, labels, LogEntry.of(t0.plusMillis(1), "second", StructuredMetadata.EMPTY), 2);
            client.push(
                    null,
                    labels,
                    LogEntry.of(
                            t0.plusMillis(2), "third\n    at Foo.bar(Foo.java:1)", StructuredMetadata.of("msg", "")),
                    3);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.count() == 3);
        }
        assertThat(acks.count(PushOutcome.SENT)).isEqualTo(3);

        LokiQuery query = new LokiQuery(baseUrl);
        List<LokiQuery.Stored> stored = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> query.query("{run=\"" + run + "\"}", t0.minusSeconds(5), t0.plusSeconds(5)),
                        l -> l.size() == 3);
        assertThat(stored.get(0).labels()).isEqualTo(Map.of("app", "ferry-test", "run", run, "quote", "say \"hi\""));
        assertThat(stored)
                .extracting(LokiQuery.Stored::line)
                .containsExactly("first ünïcödé 🚀", "second", "third\n    at Foo.bar(Foo.java:1)");
        assertThat(stored.get(0).timestamp()).isEqualTo(t0);
        assertThat(stored.get(0).metadata()).isEqualTo(Map.of("msg", "first", "module", "db"));
        assertThat(stored.get(1).metadata()).isEmpty();
    }

    static void anOverLongLineGetsLokisReal400AndIsReportedRejected(String baseUrl) throws Exception {
        RecordingAcks acks = new RecordingAcks();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LokiClient client = new LokiClient(
                LokiClientConfig.builder(baseUrl + "/loki/api/v1/push")
                        .batchWait(Duration.ofMillis(100))
                        .maxLineSize(0, true) // let it through so Loki itself refuses it
                        .build(),
                acks,
                registry)) {
            client.push(
                    null,
                    Labels.of("app", "ferry-test"),
                    new LogEntry(LogEntry.toEpochNanos(Instant.now()), "x".repeat(300_000)),
                    "long");
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.count() == 1);
        }
        assertThat(acks.outcome("long")).isEqualTo(PushOutcome.REJECTED);
        assertThat(registry.find("ferry.loki.entries.rejected")
                        .tag("reason", "line_too_long")
                        .counter()
                        .count())
                .isEqualTo(1);
    }
}
