package dev.ferry.pipeline;

import io.micrometer.core.instrument.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts one kind of per-line problem of one stage (malformed JSON, a timestamp that does not
 * parse) and logs it at most once a minute, so bad input is visible without flooding the log.
 */
public final class ProblemCounter {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemCounter.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final Counter counter;
    private final TimeSource time;
    private final String where;
    private final String reason;
    private final boolean log;
    private long lastLog;
    private boolean logged;

    ProblemCounter(Counter counter, TimeSource time, String where, String reason, boolean log) {
        this.counter = counter;
        this.log = log;
        this.time = time;
        this.where = where;
        this.reason = reason;
    }

    /** Counts one occurrence; {@code detail} is turned into text only when it is logged. */
    public void report(Object detail) {
        counter.increment();
        if (!log) {
            return;
        }
        long now = time.nanoTime();
        if (!logged || now - lastLog >= LOG_INTERVAL_NANOS) {
            logged = true;
            lastLog = now;
            LOG.warn(
                    "{}: {}: {} (logged at most once a minute; see metric {})",
                    where,
                    reason,
                    detail,
                    PipelineMetrics.PROBLEMS);
        }
    }

    public double count() {
        return counter.count();
    }
}
