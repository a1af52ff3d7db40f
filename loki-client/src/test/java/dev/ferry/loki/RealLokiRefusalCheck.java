package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.LokiQuery;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Loki's real answers to pushes it takes only part of, and the client's accounting of them. */
final class RealLokiRefusalCheck {
    private RealLokiRefusalCheck() {}

    /** Posts a batch as the client would, once, and returns Loki's answer. */
    static HttpAnswer postOnce(String pushUrl, Batch batch) throws Exception {
        PushRequestEncoder encoder = new PushRequestEncoder();
        encoder.encode(batch);
        encoder.compress();
        NettyHttpTransport transport =
                new NettyHttpTransport(LokiClientConfig.builder(pushUrl).build());
        try {
            return transport.post(
                    encoder.compressed(),
                    encoder.compressedLength(),
                    Map.of("Content-Type", "application/x-protobuf"),
                    Duration.ofSeconds(30).toNanos());
        } finally {
            transport.close();
        }
    }

    /** Loki's groups of errors, in whatever order it wrote them. */
    private static Set<String> groups(String body) {
        return new HashSet<>(List.of(body.strip().split("; (?=\\d+ errors like: )")));
    }

    /** The fixtures the parser is built on are what this Loki answers (its streams must be new to it). */
    static void lokiStillAnswersAsTheFixturesSay(String pushUrl) throws Exception {
        HttpAnswer mix = postOnce(pushUrl, RefusalFixtures.distributorMix().batch());
        assertThat(mix.status()).isEqualTo(400);
        assertThat(groups(mix.body())).isEqualTo(groups(RefusalFixtures.body("distributor-mix.txt")));

        assertThat(postOnce(pushUrl, RefusalFixtures.ingesterSetup().batch()).status())
                .isEqualTo(204);
        HttpAnswer behind = postOnce(pushUrl, RefusalFixtures.ingesterBehind().batch());
        assertThat(behind.status()).isEqualTo(400);
        assertThat(behind.body())
                .isEqualTo(RefusalFixtures.body("ingester-behind.txt").strip());
    }

    /**
     * A push that Loki takes in part: what the client counts sent is what Loki stored, entry for
     * entry, and a label value of 70,000 characters goes out as structured metadata with its line.
     */
    static void whatIsCountedSentIsWhatLokiStored(String baseUrl) throws Exception {
        RecordingAcks acks = new RecordingAcks();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
        Instant future = t0.plus(Duration.ofHours(3)); // past Loki's creation_grace_period of 1 h
        String run = "run" + System.nanoTime();
        try (LokiClient client = new LokiClient(
                LokiClientConfig.builder(baseUrl + "/loki/api/v1/push")
                        .batchWait(Duration.ofMillis(300))
                        .maxLineSize(0, true) // let Loki refuse the long line itself
                        .build(),
                acks,
                registry)) {
            Labels good = Labels.of("app", "good", "run", run);
            for (int i = 0; i < 3; i++) {
                client.push(
                        null, good, new LogEntry(LogEntry.toEpochNanos(t0.plusMillis(i)), "good " + i), "good-" + i);
            }
            Labels mixed = Labels.of("app", "mixed", "run", run);
            client.push(null, mixed, new LogEntry(LogEntry.toEpochNanos(t0), "now"), "mixed-now");
            client.push(null, mixed, new LogEntry(LogEntry.toEpochNanos(future), "later 1"), "mixed-later-1");
            client.push(
                    null, mixed, new LogEntry(LogEntry.toEpochNanos(future.plusMillis(1)), "later 2"), "mixed-later-2");
            Labels bigline = Labels.of("app", "bigline", "run", run);
            client.push(null, bigline, new LogEntry(LogEntry.toEpochNanos(t0), "y".repeat(300_000)), "bigline-long");
            client.push(null, bigline, new LogEntry(LogEntry.toEpochNanos(t0.plusMillis(1)), "small"), "bigline-small");
            Labels pino = Labels.of("app", "pino", "run", run, "level", "{".repeat(70_000));
            client.push(null, pino, new LogEntry(LogEntry.toEpochNanos(t0), "pino line"), "pino");
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.count() == 9);
        }

        LokiQuery query = new LokiQuery(baseUrl);
        List<LokiQuery.Stored> stored = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> query.query("{run=\"" + run + "\"}", t0.minusSeconds(5), t0.plusSeconds(5)),
                        l -> l.size() >= 6);
        assertThat(stored).hasSize((int) acks.count(PushOutcome.SENT));
        assertThat(acks.count(PushOutcome.SENT)).isEqualTo(6);
        assertThat(acks.count(PushOutcome.REJECTED)).isEqualTo(3);
        assertThat(acks.outcome("mixed-later-1")).isEqualTo(PushOutcome.REJECTED);
        assertThat(acks.outcome("bigline-long")).isEqualTo(PushOutcome.REJECTED);
        assertThat(acks.outcome("pino")).isEqualTo(PushOutcome.SENT);
        LokiQuery.Stored pinoLine = stored.stream()
                .filter(s -> s.line().equals("pino line"))
                .findFirst()
                .orElseThrow();
        assertThat(pinoLine.labels()).isEqualTo(Map.of("app", "pino", "run", run));
        assertThat(pinoLine.metadata().get("level")).startsWith("{{{").endsWith(LineTruncation.MARKER);
        assertThat(registry.get("ferry.loki.entries.sent").counter().count()).isEqualTo(6);
        assertThat(registry.get("ferry.loki.entries.rejected")
                        .tag("reason", "too_new")
                        .counter()
                        .count())
                .isEqualTo(2);
    }
}
