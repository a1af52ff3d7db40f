package dev.ferry.loki;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The client's meters, tagged by endpoint name; Prometheus names start with {@code ferry_loki_}. */
final class LokiClientMetrics {
    final Counter entriesSent;
    final Counter bytesSent;
    final Counter wireBytesSent;
    final Counter batchesSent;
    final Counter retries;
    final Counter entriesFailed;
    final Counter linesTruncated;
    final Counter invalidUtf8;
    private final EnumMap<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final EnumMap<LabelFix.Reason, Counter> labelsFixed = new EnumMap<>(LabelFix.Reason.class);
    private final Timer[] requestDuration = new Timer[4];

    LokiClientMetrics(MeterRegistry registry, String endpoint, LongSupplier bufferedBytes) {
        entriesSent = counter(registry, "ferry.loki.entries.sent", endpoint, "Entries Loki accepted");
        bytesSent = counter(
                registry, "ferry.loki.bytes.sent", endpoint, "Line and structured metadata bytes Loki accepted");
        wireBytesSent = counter(
                registry, "ferry.loki.request.bytes", endpoint, "Compressed request body bytes sent, retries included");
        batchesSent = counter(registry, "ferry.loki.batches.sent", endpoint, "Batches Loki accepted");
        retries = counter(registry, "ferry.loki.retries", endpoint, "Push attempts that will be retried");
        entriesFailed = counter(
                registry, "ferry.loki.entries.failed", endpoint, "Entries given up on: retries used up or shut down");
        linesTruncated =
                counter(registry, "ferry.loki.lines.truncated", endpoint, "Lines cut to max_line_size before sending");
        invalidUtf8 = counter(
                registry,
                "ferry.loki.lines.invalid.utf8",
                endpoint,
                "Lines with text that is not valid Unicode (sent with U+FFFD)");
        for (RejectReason r : RejectReason.values()) {
            rejected.put(
                    r,
                    Counter.builder("ferry.loki.entries.rejected")
                            .description("Entries Loki or the client refused for good, by reason")
                            .tag("endpoint", endpoint)
                            .tag("reason", r.tag)
                            .register(registry));
        }
        for (LabelFix.Reason r : LabelFix.Reason.values()) {
            labelsFixed.put(
                    r,
                    Counter.builder("ferry.loki.labels.fixed")
                            .description("Labels Loki would refuse, moved to structured metadata or dropped before"
                                    + " sending, once per entry, by reason")
                            .tag("endpoint", endpoint)
                            .tag("reason", r.tag)
                            .register(registry));
        }
        String[] outcomes = {"2xx", "4xx", "5xx", "error"};
        for (int i = 0; i < outcomes.length; i++) {
            requestDuration[i] = Timer.builder("ferry.loki.request.duration")
                    .description("Time for one push request to be answered")
                    .tag("endpoint", endpoint)
                    .tag("outcome", outcomes[i])
                    .register(registry);
        }
        Gauge.builder("ferry.loki.buffered.bytes", bufferedBytes, s -> (double) s.getAsLong())
                .description("Entries held by the client and not yet finished, in estimated heap bytes")
                .tag("endpoint", endpoint)
                .baseUnit("bytes")
                .strongReference(true) // Micrometer keeps gauge objects weakly; a method reference would vanish
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String endpoint, String description) {
        return Counter.builder(name)
                .description(description)
                .tag("endpoint", endpoint)
                .register(registry);
    }

    Counter rejected(RejectReason reason) {
        return rejected.get(reason);
    }

    /** Counts the labels {@code fix} changed on one entry. */
    void labelsFixed(LabelFix fix) {
        for (LabelFix.Reason r : LabelFix.Reason.values()) {
            int n = fix.count(r);
            if (n > 0) {
                labelsFixed.get(r).increment(n);
            }
        }
    }

    void recordRequest(HttpAnswer answer, long nanos) {
        int i;
        if (answer == null) {
            i = 3;
        } else if (answer.success()) {
            i = 0;
        } else if (answer.status() >= 500) {
            i = 2;
        } else {
            i = 1;
        }
        requestDuration[i].record(nanos, TimeUnit.NANOSECONDS);
    }
}
