package dev.ferry.agent.run;

import dev.ferry.loki.LokiClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a period, one info line per Loki endpoint that sent, rejected or failed entries in it, so an operator reading
 * the agent's log sees it working: {@code msg="sent to loki in the last 60s" endpoint=default entries=1200 bytes=…}.
 * A quiet period writes nothing. The numbers are the client's own counters ({@code ferry_loki_entries_*}), so the log
 * and the metrics agree.
 */
final class ProgressLog {
    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    /** What one endpoint did in one period. */
    record Progress(String endpoint, String url, long entries, long bytes, long rejected, long failed) {
        boolean quiet() {
            return entries == 0 && bytes == 0 && rejected == 0 && failed == 0;
        }
    }

    private final MeterRegistry meters;
    private final List<LokiClient> clients;
    private final String period;
    // endpoint → the counters' totals at the last report
    private final Map<String, Progress> last = new HashMap<>();

    /** {@code clients} is read at every report, so endpoints added after construction are included. */
    ProgressLog(MeterRegistry meters, List<LokiClient> clients, Duration period) {
        this.meters = meters;
        this.clients = clients;
        this.period = period.toMillis() % 1000 == 0 ? period.toSeconds() + "s" : period.toMillis() + "ms";
    }

    /** Logs what happened since the last call; called once per period. */
    void report() {
        for (Progress p : sinceLastReport()) {
            log.info(
                    "sent to loki in the last {} endpoint={} url={} entries={} bytes={} rejected={} failed={}",
                    period,
                    p.endpoint(),
                    p.url(),
                    p.entries(),
                    p.bytes(),
                    p.rejected(),
                    p.failed());
        }
    }

    /** Per endpoint that did something since the last call, what it did. */
    List<Progress> sinceLastReport() {
        List<Progress> out = new ArrayList<>();
        for (LokiClient client : clients) {
            String endpoint = client.config().name();
            Progress now = new Progress(
                    endpoint,
                    client.config().safeUrl(),
                    total("ferry.loki.entries.sent", endpoint),
                    total("ferry.loki.bytes.sent", endpoint),
                    total("ferry.loki.entries.rejected", endpoint),
                    total("ferry.loki.entries.failed", endpoint));
            Progress before = last.put(endpoint, now);
            Progress delta = before == null
                    ? now
                    : new Progress(
                            endpoint,
                            now.url(),
                            now.entries() - before.entries(),
                            now.bytes() - before.bytes(),
                            now.rejected() - before.rejected(),
                            now.failed() - before.failed());
            if (!delta.quiet()) {
                out.add(delta);
            }
        }
        return out;
    }

    /** The sum of a client counter over its other tags (the rejected reasons). */
    private long total(String name, String endpoint) {
        double sum = 0;
        for (Counter c : meters.find(name).tag("endpoint", endpoint).counters()) {
            sum += c.count();
        }
        return (long) sum;
    }
}
