package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.Answer;
import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiClientTest {
    private static final Instant T0 = Instant.parse("2026-01-27T12:39:48.421000001Z");
    private final FakeLoki loki = FakeLoki.start();
    private final RecordingAcks acks = new RecordingAcks();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private LokiClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close(Duration.ofSeconds(5));
        }
        loki.close();
        assertThat(acks.errors()).isEmpty();
    }

    private LokiClientConfig.Builder config() {
        return LokiClientConfig.builder(loki.pushUrl())
                .batchWait(Duration.ofMillis(50))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(200), 3);
    }

    private LokiClient start(LokiClientConfig.Builder b) {
        client = new LokiClient(b.build(), acks, registry);
        return client;
    }

    private static LogEntry entry(int i, String line) {
        return LogEntry.of(T0.plusMillis(i), line, StructuredMetadata.EMPTY);
    }

    private double counter(String name, String... tags) {
        var c = registry.find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void sendsLabelsEscapedAndStructuredMetadataOnTheWire() throws Exception {
        start(config());
        Labels labels = Labels.of("app", "api \"v2\"\n\\x", "namespace", "prod");
        client.push(
                null,
                labels,
                LogEntry.of(T0, "hello ünïcödé 🚀", StructuredMetadata.of("msg", "hi", "trace_id", "abc")),
                "t1");

        await().until(() -> acks.outcome("t1") == PushOutcome.SENT);
        var request = loki.requests().get(0);
        assertThat(request.path).isEqualTo("/loki/api/v1/push");
        assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(request.body.getStreams(0).getLabels())
                .isEqualTo("{app=\"api \\\"v2\\\"\\n\\\\x\", namespace=\"prod\"}");
        assertThat(loki.acceptedEntries())
                .containsExactly(new ReceivedEntry(
                        labels.rendered(), T0, "hello ünïcödé 🚀", Map.of("msg", "hi", "trace_id", "abc")));
        assertThat(counter("ferry.loki.entries.sent")).isEqualTo(1);
        assertThat(counter("ferry.loki.batches.sent")).isEqualTo(1);
    }

    @Test
    void aBatchLeavesAfterBatchWaitEvenWithOneEntry() throws Exception {
        start(config().batchWait(Duration.ofMillis(200)));
        client.push(null, Labels.of("app", "a"), entry(0, "only one"), "t");
        await().atMost(Duration.ofSeconds(5)).until(() -> acks.outcome("t") == PushOutcome.SENT);
        assertThat(loki.requests()).hasSize(1);
    }

    @Test
    void batchesBySizeAndKeepsEachStreamInOrder() throws Exception {
        // 100-byte lines, 1000-byte batches: ten lines per batch, long wait so only size triggers
        start(config().batchSize(1000).batchWait(Duration.ofSeconds(30)));
        Labels a = Labels.of("app", "a");
        Labels b = Labels.of("app", "b");
        for (int i = 0; i < 100; i++) {
            String line = String.format("%03d", i) + "x".repeat(97);
            client.push(null, i % 2 == 0 ? a : b, entry(i, line), i);
        }
        await().until(() -> acks.count(PushOutcome.SENT) == 100);
        assertThat(loki.requests()).hasSize(10);
        for (var r : loki.requests()) {
            int bytes = r.entries().stream().mapToInt(e -> e.line().length()).sum();
            assertThat(bytes).isLessThanOrEqualTo(1000);
        }
        List<String> aLines = new ArrayList<>();
        List<String> bLines = new ArrayList<>();
        for (ReceivedEntry e : loki.acceptedEntries()) {
            (e.labels().equals(a.rendered()) ? aLines : bLines).add(e.line().substring(0, 3));
        }
        assertThat(aLines).isSortedAccordingTo(String::compareTo).hasSize(50);
        assertThat(bLines).isSortedAccordingTo(String::compareTo).hasSize(50);
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        loki.answerNext(Answer.status(500, "internal error"), Answer.status(503, "unavailable"));
        start(config());
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        assertThat(loki.requests()).hasSize(3);
        assertThat(counter("ferry.loki.retries")).isEqualTo(2);
    }

    @Test
    void honoursRetryAfterOn429() throws Exception {
        loki.answerNext(Answer.tooManyRequests("1"));
        start(config().backoff(Duration.ofMillis(10), Duration.ofSeconds(5), 3));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        var requests = loki.requests();
        assertThat(requests).hasSize(2);
        // The retry came after the second Loki asked for, not after the 10 ms min_backoff.
        assertThat(requests.get(0).status()).isEqualTo(429);
    }

    @Test
    void a429IsRejectedWhenRetryingItIsOff() throws Exception {
        loki.answerNext(Answer.tooManyRequests("1"));
        start(config().retryOnHttp429(false));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.REJECTED);
        assertThat(loki.requests()).hasSize(1);
        assertThat(counter("ferry.loki.entries.rejected", "reason", "rate_limited"))
                .isEqualTo(1);
    }

    @Test
    void a400IsNotRetriedAndEveryEntryIsReportedRejectedByReason() throws Exception {
        loki.answerNext(
                Answer.status(
                        400,
                        "entry with timestamp 2026-01-27 12:39:48 +0000 UTC ignored, reason: 'entry too far behind, oldest acceptable timestamp is: ...' for stream: {app=\"a\"}"));
        start(config().batchWait(Duration.ofMillis(200)));
        for (int i = 0; i < 3; i++) {
            client.push(null, Labels.of("app", "a"), entry(i, "x" + i), i);
        }
        await().until(() -> acks.count() == 3);
        assertThat(acks.count(PushOutcome.REJECTED)).isEqualTo(3);
        assertThat(loki.requests()).hasSize(1);
        assertThat(counter("ferry.loki.entries.rejected", "reason", "out_of_order"))
                .isEqualTo(3);
        assertThat(counter("ferry.loki.retries")).isZero();
    }

    @Test
    void whenRetriesAreUsedUpEntriesAreReportedFailedNotSent() throws Exception {
        loki.answerByDefault(Answer.status(500, "down"));
        start(config().backoff(Duration.ofMillis(5), Duration.ofMillis(20), 2));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.FAILED);
        assertThat(loki.requests()).hasSize(3); // first attempt + max_retries
        assertThat(counter("ferry.loki.entries.failed")).isEqualTo(1);
    }

    @Test
    void anAnswerThatIsNotHttpIsRetried() throws Exception {
        loki.answerNext(
                Answer.raw("banana\r\n\r\n"),
                Answer.raw("HTTP/1.1 20x OK\r\nContent-Length: 5\r\n\r\nhello"),
                Answer.raw("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nshort")); // cut short
        start(config());
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().atMost(Duration.ofSeconds(20)).until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        assertThat(loki.requests()).hasSize(4);
    }

    @Test
    void aClosedConnectionIsRetriedOnANewConnection() throws Exception {
        loki.answerNext(Answer.closeConnection());
        start(config());
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        assertThat(loki.connections()).isEqualTo(2);
    }

    @Test
    void anAnswerSlowerThanRemoteTimeoutIsRetried() throws Exception {
        loki.answerNext(Answer.after(Duration.ofSeconds(3), Answer.status(204, "")));
        start(config().remoteTimeout(Duration.ofMillis(300)));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        assertThat(loki.requests()).hasSize(2);
    }

    @Test
    void keepsOneConnectionAcrossBatches() throws Exception {
        start(config().batchWait(Duration.ofMillis(10)));
        for (int i = 0; i < 5; i++) {
            client.push(null, Labels.of("app", "a"), entry(i, "x"), i);
            int sent = i + 1;
            await().until(() -> acks.count() == sent);
        }
        assertThat(loki.requests()).hasSize(5);
        assertThat(loki.connections()).isEqualTo(1);
    }

    @Test
    void sendsTenantAndBasicAuthAndCustomHeaders(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
        start(config().tenantId("team-a")
                .basicAuth(Secret.of("ferry"), Secret.fromFile(password))
                .header("X-Extra", "1"));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "default-tenant");
        client.push("team-b", Labels.of("app", "a"), entry(1, "y"), "other-tenant");
        await().until(() -> acks.count() == 2);
        var byTenant = new java.util.HashMap<String, FakeLoki.Received>();
        loki.requests().forEach(r -> byTenant.put(r.header("X-Scope-OrgID"), r));
        assertThat(byTenant).containsOnlyKeys("team-a", "team-b");
        assertThat(byTenant.get("team-b").entries())
                .extracting(ReceivedEntry::line)
                .containsExactly("y");
        var r = byTenant.get("team-a");
        assertThat(r.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ferry:s3cret".getBytes()));
        assertThat(r.header("X-Extra")).isEqualTo("1");
    }

    @Test
    void readsTheBearerTokenFileOnEveryRequestSoRotationWorks(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first");
        start(config().bearerToken(Secret.fromFile(token)));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), 0);
        await().until(() -> acks.count() == 1);
        Files.writeString(token, "second");
        client.push(null, Labels.of("app", "a"), entry(1, "x"), 1);
        await().until(() -> acks.count() == 2);
        assertThat(loki.requests())
                .extracting(r -> r.header("Authorization"))
                .containsExactly("Bearer first", "Bearer second");
        assertThat(Secret.fromFile(token).toString()).doesNotContain("second");
    }

    @Test
    void addsExternalLabelsWithoutOverridingTheStreamsOwn() throws Exception {
        start(config().externalLabels(Labels.of("cluster", "home", "app", "external")));
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.count() == 1);
        assertThat(loki.acceptedEntries().get(0).labels()).isEqualTo("{app=\"a\", cluster=\"home\"}");
    }

    @Test
    void whenTheMemoryBoundIsReachedOfferRefusesAndPushWaits() throws Exception {
        CompletableFuture<Answer> release = new CompletableFuture<>();
        loki.answerNext(Answer.when(release));
        // bound: 4 entries of 1000 bytes, each alone in its batch (each costs a chunk and its slots)
        long perEntry = Batch.heapCost(EntryEncoding.bodySize(entry(0, "x".repeat(1000))));
        start(config().batchSize(1000).maxBufferedBytes(4 * perEntry).batchWait(Duration.ofMillis(10)));
        String line = "x".repeat(1000);
        for (int i = 0; i < 4; i++) {
            assertThat(client.offer(null, Labels.of("app", "a"), entry(i, line), i))
                    .isTrue();
        }
        await().until(() -> loki.requests().size() == 1); // first batch is held by the receiver
        assertThat(client.offer(null, Labels.of("app", "a"), entry(4, line), 4)).isFalse();
        assertThat(client.bufferedBytes()).isEqualTo(4 * perEntry);
        System.gc(); // the gauge must survive a collection (Micrometer holds gauge objects weakly by default)
        assertThat(registry.get("ferry.loki.buffered.bytes").gauge().value()).isEqualTo(4.0 * perEntry);

        AtomicBoolean pushed = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(1);
        Thread producer = new Thread(() -> {
            started.countDown();
            try {
                client.push(null, Labels.of("app", "a"), entry(5, line), 5);
                pushed.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        started.await();
        // the producer stays blocked while Loki holds the answer
        assertThat(producer.join(Duration.ofMillis(300))).isFalse();
        assertThat(pushed).isFalse();

        release.complete(Answer.status(204, ""));
        producer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(pushed).isTrue();
        await().until(() -> acks.count() == 5);
        assertThat(acks.count(PushOutcome.SENT)).isEqualTo(5);
        assertThat(acks.outcome(4)).isNull(); // refused by offer: still the caller's
    }

    @Test
    void afterStopWaitingAPushThatWouldWaitFailsItsEntryAtOnce() throws Exception {
        CompletableFuture<Answer> never = new CompletableFuture<>();
        loki.answerByDefault(Answer.when(never));
        long perEntry = Batch.heapCost(EntryEncoding.bodySize(entry(0, "x".repeat(1000))));
        start(config().batchSize(1000).maxBufferedBytes(2 * perEntry).batchWait(Duration.ofMillis(10)));
        String line = "x".repeat(1000);
        client.push(null, Labels.of("app", "a"), entry(0, line), 0);
        client.push(null, Labels.of("app", "a"), entry(1, line), 1);
        await().until(() -> !loki.requests().isEmpty());

        AtomicBoolean returned = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                client.push(null, Labels.of("app", "a"), entry(2, line), 2);
                returned.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        assertThat(producer.join(Duration.ofMillis(300))).isFalse(); // waiting for room

        client.stopWaiting();
        producer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(returned).isTrue();
        assertThat(acks.outcome(2)).isEqualTo(PushOutcome.FAILED);
        // an entry that fits is still taken
        client.close(Duration.ofMillis(200));
        assertThat(acks.count()).isEqualTo(3);
        client = null;
        never.complete(Answer.status(204, ""));
    }

    @Test
    void closeFlushesWhatItHolds() throws Exception {
        start(config().batchWait(Duration.ofMinutes(10)));
        for (int i = 0; i < 10; i++) {
            client.push(null, Labels.of("app", "a"), entry(i, "line " + i), i);
        }
        assertThat(loki.requests()).isEmpty();
        client.close(Duration.ofSeconds(5));
        assertThat(acks.count(PushOutcome.SENT)).isEqualTo(10);
        assertThat(loki.acceptedEntries()).hasSize(10);
        client = null;
    }

    @Test
    void closeReportsWhatItCouldNotSendInTimeAsFailed() throws Exception {
        loki.answerByDefault(Answer.status(503, "down"));
        start(config().backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 100));
        for (int i = 0; i < 10; i++) {
            client.push(null, Labels.of("app", "a", "n", String.valueOf(i % 3)), entry(i, "line " + i), i);
        }
        client.close(Duration.ofMillis(300));
        assertThat(acks.count()).isEqualTo(10);
        assertThat(acks.count(PushOutcome.FAILED)).isEqualTo(10);
        assertThat(client.bufferedBytes()).isZero();
        // after close, entries are failed at once, never lost silently
        client.push(null, Labels.of("app", "a"), entry(11, "late"), "late");
        assertThat(acks.outcome("late")).isEqualTo(PushOutcome.FAILED);
        client = null;
    }

    @Test
    void aTenantLokiWouldRefuseIsRejectedAndTheRestFlows() throws Exception {
        start(config());
        client.push("team\nb", Labels.of("app", "a"), entry(0, "x"), "bad");
        client.push("team-a", Labels.of("app", "a"), entry(1, "y"), "good");
        assertThat(acks.outcome("bad")).isEqualTo(PushOutcome.REJECTED);
        await().until(() -> acks.outcome("good") == PushOutcome.SENT);
        assertThat(counter("ferry.loki.entries.rejected", "reason", "invalid_tenant"))
                .isEqualTo(1);
    }

    @Test
    void anUnexpectedExceptionWhileSendingCostsOneBatchNotTheSender() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        HttpTransport failingOnce = new HttpTransport() {
            @Override
            public HttpAnswer post(byte[] body, int length, Map<String, String> headers, long timeoutNanos) {
                if (calls.getAndIncrement() == 0) {
                    throw new IllegalArgumentException("prohibited character in a header");
                }
                return new HttpAnswer(204, null, "");
            }

            @Override
            public HttpAnswer ready(Map<String, String> headers, long timeoutNanos) {
                return new HttpAnswer(200, null, "ready");
            }

            @Override
            public void close() {}
        };
        client = new LokiClient(config().build(), acks, registry, failingOnce, System::nanoTime);
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "first");
        await().until(() -> acks.outcome("first") != null);
        client.push(null, Labels.of("app", "a"), entry(1, "y"), "second");
        await().until(() -> acks.outcome("second") != null);
        assertThat(acks.outcome("first")).isEqualTo(PushOutcome.FAILED);
        assertThat(acks.outcome("second")).isEqualTo(PushOutcome.SENT);
    }

    @Test
    void anExpiredTokenIsRetriedNotDropped() throws Exception {
        loki.answerNext(Answer.status(401, "token expired"), Answer.status(403, "forbidden"));
        start(config());
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.SENT);
        assertThat(loki.requests()).hasSize(3);
    }

    @Test
    void entriesWithoutLabelsAreRejectedAndCounted() throws Exception {
        start(config());
        client.push(null, Labels.EMPTY, entry(0, "x"), "t");
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.REJECTED);
        assertThat(counter("ferry.loki.entries.rejected", "reason", "missing_labels"))
                .isEqualTo(1);
    }

    @Test
    void overLongLinesAreTruncatedWithAMarker() throws Exception {
        start(config().maxLineSize(100, true));
        client.push(null, Labels.of("app", "a"), entry(0, "é".repeat(200)), "t");
        await().until(() -> acks.count() == 1);
        String received = loki.acceptedEntries().get(0).line();
        assertThat(received).startsWith("éé").endsWith("…[truncated by ferry]");
        assertThat(Utf8.length(received)).isLessThanOrEqualTo(100);
        assertThat(counter("ferry.loki.lines.truncated")).isEqualTo(1);
    }

    @Test
    void overLongLinesAreDroppedAsRejectedWhenTruncationIsOff() throws Exception {
        start(config().maxLineSize(100, false));
        client.push(null, Labels.of("app", "a"), entry(0, "x".repeat(101)), "t");
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.REJECTED);
        assertThat(counter("ferry.loki.entries.rejected", "reason", "line_too_long"))
                .isEqualTo(1);
    }

    @Test
    void textThatIsNotValidUnicodeIsSentWithReplacementCharactersAndCounted() throws Exception {
        start(config());
        client.push(null, Labels.of("app", "a"), entry(0, "bad \uD800 surrogate"), "t");
        await().until(() -> acks.count() == 1);
        assertThat(loki.acceptedEntries().get(0).line()).isEqualTo("bad \uFFFD surrogate");
        assertThat(counter("ferry.loki.lines.invalid.utf8")).isEqualTo(1);
    }

    @Test
    void anUnreachableEndpointEndsInFailedAfterRetries() throws Exception {
        int port = loki.port();
        loki.close();
        client = new LokiClient(
                LokiClientConfig.builder("http://127.0.0.1:" + port + "/loki/api/v1/push")
                        .batchWait(Duration.ofMillis(10))
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(10), 2)
                        .build(),
                acks,
                registry);
        client.push(null, Labels.of("app", "a"), entry(0, "x"), "t");
        await().until(() -> acks.outcome("t") != null);
        assertThat(acks.outcome("t")).isEqualTo(PushOutcome.FAILED);
    }
}
