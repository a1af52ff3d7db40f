package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.LabelMap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The label sets of one metric of a {@code metrics} stage, each a meter in the registry: at most
 * {@code max_series} of them, each removed once not updated for {@code max_idle_duration}. Shared by
 * every pipeline instance built from the stage's config, so thread-safe.
 */
final class MetricSeries {
    private static final long PRUNE_INTERVAL_NANOS = 1_000_000_000L;

    /** What {@link #update} did. */
    enum Outcome {
        UPDATED,
        /** a new label set, and max_series are there already */
        LIMIT,
        /** the registry refused the meter (e.g. its name is taken by a meter of another type) */
        FAILED
    }

    private final MetricsStage.Metric metric;
    private final MeterRegistry meters;
    private final int maxSeries;
    private final long maxIdleNanos;
    private final double[] buckets;
    private final ConcurrentHashMap<LabelMap, Series> series = new ConcurrentHashMap<>();
    private final AtomicLong nextPrune = new AtomicLong(Long.MIN_VALUE);
    private volatile String lastFailure;

    MetricSeries(MetricsStage.Metric metric, MeterRegistry meters, int maxSeries) {
        this.metric = metric;
        this.meters = meters;
        this.maxSeries = maxSeries;
        this.maxIdleNanos = metric.maxIdle().toNanos();
        this.buckets =
                metric.buckets().stream().mapToDouble(Double::doubleValue).toArray();
    }

    MetricsStage.Metric metric() {
        return metric;
    }

    /** Label sets held now. */
    int size() {
        return series.size();
    }

    /** Why the registry last refused a meter. */
    String lastFailure() {
        return lastFailure;
    }

    /**
     * Applies the metric's action with {@code amount} (1 for inc and dec) to the series of {@code
     * labels}, made when there is room for it.
     */
    Outcome update(LabelMap labels, double amount, long now) {
        LabelMap key = hasHiddenLabels(labels) ? visible(labels) : labels;
        Series s = series.get(key);
        if (s == null) {
            if (series.size() >= maxSeries) {
                return Outcome.LIMIT;
            }
            try {
                s = series.computeIfAbsent(key.copy(), k -> register(k, now));
            } catch (RuntimeException e) {
                lastFailure = e.getMessage();
                return Outcome.FAILED;
            }
        }
        s.lastNanos = now;
        switch (metric.action()) {
            case INC, ADD -> {
                if (s.counter != null) {
                    s.counter.increment(amount);
                } else {
                    s.gauge.add(amount);
                }
            }
            case DEC, SUB -> s.gauge.add(-amount);
            case SET -> s.gauge.set(amount);
            case OBSERVE -> s.summary.record(amount);
        }
        return Outcome.UPDATED;
    }

    private Series register(LabelMap labels, long now) {
        List<Tag> tags = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            tags.add(Tag.of(labels.name(i), labels.value(i)));
        }
        String name = metric.fullName();
        return switch (metric.kind()) {
            case COUNTER -> {
                Counter c = Counter.builder(name)
                        .description(metric.description())
                        .tags(tags)
                        .register(meters);
                yield new Series(c, c, null, null, now);
            }
            case GAUGE -> {
                GaugeValue v = new GaugeValue();
                Gauge g = Gauge.builder(name, v, GaugeValue::get)
                        .description(metric.description())
                        .tags(tags)
                        .strongReference(true)
                        .register(meters);
                yield new Series(g, null, null, v, now);
            }
            case HISTOGRAM -> {
                DistributionSummary d = DistributionSummary.builder(name)
                        .description(metric.description())
                        .tags(tags)
                        .serviceLevelObjectives(buckets)
                        .register(meters);
                yield new Series(d, null, d, null, now);
            }
        };
    }

    /** Removes the label sets idle for max_idle_duration, at most once a second (of {@code now}). */
    void pruneIfDue(long now) {
        long due = nextPrune.get();
        if (due != Long.MIN_VALUE && now - due < 0) {
            return;
        }
        if (!nextPrune.compareAndSet(due, now + PRUNE_INTERVAL_NANOS)) {
            return; // another pipeline instance prunes
        }
        // a series updated while it is removed loses that update, as in Alloy's scrape-time pruning
        for (Map.Entry<LabelMap, Series> e : series.entrySet()) {
            Series s = e.getValue();
            if (now - s.lastNanos >= maxIdleNanos && series.remove(e.getKey(), s)) {
                meters.remove(s.meter);
            }
        }
    }

    /** A label with an empty value or a reserved name (__…) is no tag, as Alloy cleans them. */
    private static boolean hasHiddenLabels(LabelMap labels) {
        for (int i = 0; i < labels.size(); i++) {
            if (labels.value(i).isEmpty() || labels.name(i).startsWith("__")) {
                return true;
            }
        }
        return false;
    }

    private static LabelMap visible(LabelMap labels) {
        LabelMap m = labels.copy();
        for (int i = m.size() - 1; i >= 0; i--) {
            if (m.value(i).isEmpty() || m.name(i).startsWith("__")) {
                m.removeAt(i);
            }
        }
        return m;
    }

    /** One label set's meter (and, for a gauge, the value it reads) and when it was last updated. */
    private static final class Series {
        final Meter meter;
        final Counter counter;
        final DistributionSummary summary;
        final GaugeValue gauge;
        volatile long lastNanos;

        Series(Meter meter, Counter counter, DistributionSummary summary, GaugeValue gauge, long now) {
            this.meter = meter;
            this.counter = counter;
            this.summary = summary;
            this.gauge = gauge;
            this.lastNanos = now;
        }
    }

    /** A gauge's value: a double updated atomically, since pipelines of several streams share it. */
    private static final class GaugeValue {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

        double get() {
            return Double.longBitsToDouble(bits.get());
        }

        void set(double v) {
            bits.set(Double.doubleToRawLongBits(v));
        }

        void add(double delta) {
            long prev;
            long next;
            do {
                prev = bits.get();
                next = Double.doubleToRawLongBits(Double.longBitsToDouble(prev) + delta);
            } while (!bits.compareAndSet(prev, next));
        }
    }
}
