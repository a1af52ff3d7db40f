package dev.ferry.loki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one batch to Loki and says what became of each entry: encodes it, waits out a Retry-After
 * that Loki gave for an earlier batch, retries as the {@link RetryPolicy} decides (probing
 * {@code /ready} during a long wait after an outage, to resume as soon as Loki is back), and reads
 * Loki's 400 for the entries it refused. Used by the client's sender thread only.
 */
final class BatchPush {
    private static final Logger log = LoggerFactory.getLogger(LokiClient.class);
    /** How often /ready is asked during a wait after an outage: delivery resumes within about this of Loki's return. */
    static final long PROBE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int LOGGED_STREAMS = 5;
    private static final int LOGGED_LABEL_CHARS = 200;

    /** Sleeps the sender; false when the client is shut down and out of time meanwhile. */
    @FunctionalInterface
    interface Pause {
        boolean sleep(long nanos);
    }

    /**
     * What became of a batch: one outcome for all its entries, or, when Loki's 400 said which
     * entries it refused, {@code refused} (the others were stored).
     */
    record Result(PushOutcome outcome, RefusedEntries refused) {
        static final Result SENT = new Result(PushOutcome.SENT, null);
        static final Result REJECTED = new Result(PushOutcome.REJECTED, null);
        static final Result FAILED = new Result(PushOutcome.FAILED, null);
    }

    private final LokiClientConfig config;
    private final HttpTransport transport;
    private final LokiClientMetrics metrics;
    private final RetryPolicy retryPolicy;
    private final Pause pause;
    private final PushRequestEncoder encoder = new PushRequestEncoder();
    private final LokiAvailability availability = new LokiAvailability();
    private final LogThrottle refusalLog = new LogThrottle(LogThrottle.DEFAULT_INTERVAL_NANOS);

    BatchPush(LokiClientConfig config, HttpTransport transport, LokiClientMetrics metrics, Pause pause) {
        this.config = config;
        this.transport = transport;
        this.metrics = metrics;
        this.pause = pause;
        this.retryPolicy =
                new RetryPolicy(config.minBackoff(), config.maxBackoff(), config.maxRetries(), config.retryOnHttp429());
    }

    Result send(Batch batch) {
        try {
            encoder.encode(batch);
            encoder.compress();
        } catch (IOException | RuntimeException e) {
            log.error(
                    "loki endpoint={} could not encode a batch of {} entries: {}",
                    config.name(),
                    batch.entryCount(),
                    e.toString());
            metrics.rejected(RejectReason.OTHER).increment(batch.entryCount());
            return Result.REJECTED;
        }
        Map<String, String> headers;
        try {
            headers = headers(batch.tenant);
        } catch (IOException e) {
            log.error(
                    "loki endpoint={} cannot read a credential: {}; the batch will be retried",
                    config.name(),
                    e.getMessage());
            headers = null;
        }
        long asked = availability.waitLeft(System.nanoTime());
        if (asked > 0 && !pause.sleep(asked)) {
            return Result.FAILED; // Loki's Retry-After outlasted close()
        }
        long firstAttempt = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            HttpAnswer answer = null;
            String error = null;
            long started = System.nanoTime();
            if (headers != null) {
                try {
                    metrics.wireBytesSent.increment(encoder.compressedLength());
                    answer = transport.post(
                            encoder.compressed(),
                            encoder.compressedLength(),
                            headers,
                            config.remoteTimeout().toNanos());
                } catch (IOException e) {
                    error = e.getMessage();
                } catch (InterruptedException e) {
                    return Result.FAILED; // close() ran out of time
                }
                metrics.recordRequest(answer, System.nanoTime() - started);
            } else {
                error = "credential unreadable";
            }
            noteAvailability(answer);
            RetryPolicy.Decision d = retryPolicy.decide(answer, attempt, System.currentTimeMillis());
            switch (d.action()) {
                case SENT -> {
                    return Result.SENT;
                }
                case REJECT -> {
                    honourRetryAfter(answer);
                    return rejected(batch, answer);
                }
                case GIVE_UP -> {
                    honourRetryAfter(answer);
                    log.error(
                            "loki endpoint={} gave up on a batch of {} entries after {} attempts in {} s, last error \"{}\";"
                                    + " they are reported failed, so their sources read them again",
                            config.name(),
                            batch.entryCount(),
                            attempt,
                            String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - firstAttempt) / 1e9),
                            answer == null ? error : "status " + answer.status() + ": " + answer.bodyForLog());
                    return Result.FAILED;
                }
                case RETRY -> {
                    metrics.retries.increment();
                    long retryInMillis = TimeUnit.NANOSECONDS.toMillis(d.delayNanos());
                    if (answer == null) {
                        log.warn(
                                "loki endpoint={} push failed attempt={} error=\"{}\" retry_in={}ms",
                                config.name(),
                                attempt,
                                error,
                                retryInMillis);
                    } else {
                        log.warn(
                                "loki endpoint={} push failed attempt={} status={} message=\"{}\" retry_in={}ms",
                                config.name(),
                                attempt,
                                answer.status(),
                                answer.bodyForLog(),
                                retryInMillis);
                    }
                    if (!waitToRetry(d.delayNanos(), answer, headers)) {
                        return Result.FAILED;
                    }
                }
            }
        }
    }

    private void noteAvailability(HttpAnswer answer) {
        long now = System.nanoTime();
        if (LokiAvailability.isFailure(answer)) {
            availability.failed(now);
            return;
        }
        int attempts = availability.failedAttempts();
        long down = availability.answered(now);
        if (down >= 0) {
            log.info(
                    "loki endpoint={} Loki at {} reachable again after {} s ({} failed attempts)",
                    config.name(),
                    config.safeUrl(),
                    TimeUnit.NANOSECONDS.toSeconds(down),
                    attempts);
        }
    }

    /** Loki's Retry-After holds for the endpoint, not only for the batch that got it. */
    private void honourRetryAfter(HttpAnswer answer) {
        long asked = retryPolicy.retryAfter(answer, System.currentTimeMillis());
        if (asked > 0) {
            availability.waitUntil(System.nanoTime() + asked);
        }
    }

    /**
     * Waits before a retry. After an outage (no answer, 502/503/504) asks {@code /ready} every
     * second and retries at once when Loki, seen not ready before, is ready again, or when it
     * answers at all after not answering (a restarted Loki takes pushes before it says ready).
     */
    private boolean waitToRetry(long delayNanos, HttpAnswer answer, Map<String, String> headers) {
        if (!LokiAvailability.isOutage(answer) || headers == null) {
            return pause.sleep(delayNanos);
        }
        long deadline = System.nanoTime() + delayNanos;
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            if (!pause.sleep(Math.min(left, PROBE_INTERVAL_NANOS))) {
                return false;
            }
            if (deadline - System.nanoTime() > 0 && lokiIsBack(headers)) {
                return true;
            }
        }
    }

    private boolean lokiIsBack(Map<String, String> headers) {
        HttpAnswer ready;
        try {
            ready = transport.ready(headers, Math.min(config.remoteTimeout().toNanos(), PROBE_INTERVAL_NANOS));
        } catch (IOException e) {
            availability.unreachable();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() ran out of time: the next pause says so
            return false;
        }
        if (ready.status() != 200) {
            return availability.answersAgain(); // not ready: try a push once when it first answers again
        }
        return availability.readyMeansBack();
    }

    /** Loki refused the batch, or part of it when its 400 names the entries. */
    private Result rejected(Batch batch, HttpAnswer answer) {
        RefusedEntries refused = answer.status() == 400 ? RefusedEntries.of(batch, answer.body()) : null;
        if (refused != null) {
            logRefused(batch, refused);
            return new Result(PushOutcome.REJECTED, refused);
        }
        RejectReason reason = RejectReason.classify(answer.status(), answer.body());
        metrics.rejected(reason).increment(batch.entryCount());
        log.warn(
                "loki endpoint={} rejected batch status={} reason={} entries={} streams={} first_stream={} message=\"{}\"",
                config.name(),
                answer.status(),
                reason.tag,
                batch.entryCount(),
                batch.streams().size(),
                batch.streams().get(0).labels,
                answer.bodyForLog());
        return Result.REJECTED;
    }

    /** One line per push, at most one per interval: which streams Loki refused entries of, and why. */
    private void logRefused(Batch batch, RefusedEntries refused) {
        long held = refusalLog.tryAcquire(System.nanoTime());
        if (held < 0) {
            return;
        }
        StringBuilder streams = new StringBuilder();
        int shown = 0;
        Map<Labels, Map<RejectReason, Integer>> byStream = refused.byStream();
        for (Map.Entry<Labels, Map<RejectReason, Integer>> e : byStream.entrySet()) {
            if (shown++ == LOGGED_STREAMS) {
                streams.append(", and ")
                        .append(byStream.size() - LOGGED_STREAMS)
                        .append(" more streams");
                break;
            }
            String labels = e.getKey().rendered();
            streams.append(shown > 1 ? ", " : "")
                    .append(
                            labels.length() > LOGGED_LABEL_CHARS
                                    ? labels.substring(0, LOGGED_LABEL_CHARS) + "…"
                                    : labels);
            e.getValue()
                    .forEach((reason, n) ->
                            streams.append(' ').append(reason.tag).append('=').append(n));
        }
        log.warn(
                "loki endpoint={} Loki stored {} of {} entries of a batch and refused {}: {}"
                        + " (logged at most every 10s, {} such lines held back; see ferry_loki_entries_rejected_total)",
                config.name(),
                batch.entryCount() - refused.refusedCount(),
                batch.entryCount(),
                refused.refusedCount(),
                streams,
                held);
    }

    private Map<String, String> headers(String tenant) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(config.headers());
        h.put("Content-Type", "application/x-protobuf");
        String t = !tenant.isEmpty() ? tenant : config.tenantId();
        if (t != null && !t.isEmpty()) {
            h.put("X-Scope-OrgID", t);
        }
        if (config.basicAuthUsername() != null) {
            String pair = config.basicAuthUsername().reveal() + ":"
                    + config.basicAuthPassword().reveal();
            h.put(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (config.bearerToken() != null) {
            h.put("Authorization", "Bearer " + config.bearerToken().reveal());
        }
        return h;
    }
}
