package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.Utf8Size;
import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.Location;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.MapReader;
import dev.ferry.pipeline.config.ScalarNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * {@code metrics}: counters, gauges and histograms of extracted values, in the agent's meter
 * registry, tagged with the entry's labels, as Alloy's {@code stage.metrics}. Each item of {@code
 * metric} is one of Alloy's {@code metric.counter}, {@code metric.gauge} or {@code metric.histogram}
 * blocks, with the same arguments:
 *
 * <pre>
 * - metrics:
 *     max_series: 10000            # Ferry's own: label sets per metric, see below
 *     metric:
 *       - counter: {name: log_lines_total, description: "lines seen", match_all: true, action: inc}
 *       - counter: {name: log_bytes_total, match_all: true, count_entry_bytes: true, action: add}
 *       - counter: {name: errors_total, source: level, value: error, action: inc}
 *       - gauge: {name: queue_depth, source: depth, action: set}     # set, inc, dec, add, sub
 *       - histogram: {name: request_ms, source: took_ms, buckets: [50, 100, 500, 1000, 5000]}
 * </pre>
 *
 * <p>The meter is named {@code prefix} (default {@code loki_process_custom_}) + {@code name}; {@code
 * source} defaults to {@code name}; with {@code value} only entries whose source equals it count. A
 * counter with {@code match_all} counts every entry (or, with {@code count_entry_bytes} and {@code
 * action: add}, its line's UTF-8 bytes). Values are read as Go's ParseFloat reads them, or as a Go
 * duration in seconds ({@code 250ms} → 0.25); {@code true}/{@code false} are 1/0 (as Alloy reads the
 * booleans its {@code json} stage extracts). A value that is not a number, or a negative one for a
 * counter or histogram, is skipped and counted ({@code not_a_number}, {@code negative_value}).
 * {@code buckets} (required, as in Alloy) are the histogram's upper bounds.
 *
 * <p>Tags are the entry's labels when it reaches the stage (labels with an empty value or a name
 * starting with {@code __} left out), as in Alloy, so their values are user data. To keep that
 * bounded, each metric holds at most {@code max_series} label sets (default 10000, shared by every
 * stream of the pipeline); entries of further label sets are not counted but counted as refused
 * ({@code ferry.pipeline.problems}, reason {@code series_limit}, logged once a minute). A label set
 * not updated for {@code max_idle_duration} (default 5m, at least 1s) is removed, as Alloy does.
 *
 * <p>Differences a Prometheus user may notice, all Micrometer's: its Prometheus registry appends
 * {@code _total} to a counter's name unless it already ends so, publishes a {@code _max} gauge beside
 * each histogram, and rounds each observation up to a whole number before it picks the bucket (so
 * bounds below 1 or between whole numbers count wrongly; the config loader warns about them).
 */
final class MetricsStage implements Stage {
    static final String DEFAULT_PREFIX = "loki_process_custom_";
    static final int DEFAULT_MAX_SERIES = 10_000;
    static final Duration DEFAULT_MAX_IDLE = Duration.ofMinutes(5);

    enum Kind {
        COUNTER,
        GAUGE,
        HISTOGRAM
    }

    enum Action {
        INC,
        ADD,
        SET,
        DEC,
        SUB,
        OBSERVE
    }

    /** One metric definition (Alloy's {@code metric.counter}, {@code metric.gauge}, {@code metric.histogram}). */
    record Metric(
            Kind kind,
            String name,
            String description,
            String source,
            String prefix,
            Duration maxIdle,
            String value,
            Action action,
            boolean matchAll,
            boolean countEntryBytes,
            List<Double> buckets) {
        Metric {
            if (name == null || name.isEmpty()) {
                throw new InvalidFieldException("name", "name is required");
            }
            prefix = prefix == null || prefix.isEmpty() ? DEFAULT_PREFIX : prefix;
            if (!isMetricName(prefix + name)) {
                throw new InvalidFieldException(
                        prefix.equals(DEFAULT_PREFIX) ? "name" : "prefix",
                        "'" + prefix + name
                                + "' is not a valid metric name; metric names match [a-zA-Z_:][a-zA-Z0-9_:]*");
            }
            description = description == null ? "" : description;
            source = source == null || source.isEmpty() ? name : source;
            value = value == null || value.isEmpty() ? null : value;
            maxIdle = maxIdle == null ? DEFAULT_MAX_IDLE : maxIdle;
            if (maxIdle.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new InvalidFieldException(
                        "max_idle_duration", "max_idle_duration must be at least 1s, got " + maxIdle);
            }
            if (kind == Kind.COUNTER && action != Action.INC && action != Action.ADD) {
                throw new InvalidFieldException("action", "a counter's action must be 'inc' or 'add'");
            }
            if (kind == Kind.GAUGE && (action == null || action == Action.OBSERVE)) {
                throw new InvalidFieldException("action", "a gauge's action must be one of set, inc, dec, add, sub");
            }
            if (kind == Kind.HISTOGRAM) {
                action = Action.OBSERVE;
                if (buckets == null || buckets.isEmpty()) {
                    throw new InvalidFieldException(
                            "buckets", "buckets is required: the histogram's upper bounds, e.g. [1, 5, 10]");
                }
                buckets = List.copyOf(buckets);
                for (int i = 1; i < buckets.size(); i++) {
                    if (!(buckets.get(i) > buckets.get(i - 1))) {
                        throw new InvalidFieldException(
                                "buckets", "buckets must be in increasing order, got " + buckets);
                    }
                }
            } else {
                buckets = List.of();
            }
            if (matchAll && value != null) {
                throw new InvalidFieldException("value", "a counter takes either match_all or value, not both");
            }
            if (countEntryBytes && (!matchAll || action != Action.ADD)) {
                throw new InvalidFieldException(
                        "count_entry_bytes", "count_entry_bytes needs match_all: true and action: add");
            }
        }

        String fullName() {
            return prefix + name;
        }
    }

    record Config(List<Metric> metrics, int maxSeries) implements StageConfig {
        Config {
            if (metrics == null || metrics.isEmpty()) {
                throw new InvalidFieldException(
                        "metric", "metric is required: a list of counter, gauge or histogram definitions");
            }
            HashSet<String> names = new HashSet<>();
            for (Metric m : metrics) {
                if (!names.add(m.fullName())) {
                    throw new InvalidFieldException("metric", "metric '" + m.fullName() + "' is defined twice");
                }
            }
            metrics = List.copyOf(metrics);
            if (maxSeries <= 0) {
                throw new InvalidFieldException("max_series", "max_series must be positive, got " + maxSeries);
            }
        }

        static Config parse(StageArgs a) {
            int maxSeries = a.integer("max_series", DEFAULT_MAX_SERIES);
            List<Metric> metrics = new ArrayList<>();
            ConfigNode raw = a.raw("metric");
            if (raw == null) {
                a.error("metric", "metric is required: a list of counter, gauge or histogram definitions");
            } else if (!(raw instanceof ListNode list)) {
                a.error("metric", "metric must be a list of {counter|gauge|histogram: {…}}, got " + raw.describe());
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Metric m = parseMetric(a, list.get(i), i + 1);
                    if (m != null) {
                        metrics.add(m);
                    }
                }
            }
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(metrics, maxSeries));
        }

        private static Metric parseMetric(StageArgs a, ConfigNode item, int index) {
            if (!(item instanceof MapNode m) || m.size() != 1) {
                a.errorAt(
                        item.location(),
                        "metric " + index
                                + " must be a map with one key, counter, gauge or histogram (e.g. `- counter: {name: lines_total, match_all: true, action: inc}`)");
                return null;
            }
            MapNode.Field f = m.fields().iterator().next();
            Kind kind = switch (f.key()) {
                case "counter" -> Kind.COUNTER;
                case "gauge" -> Kind.GAUGE;
                case "histogram" -> Kind.HISTOGRAM;
                default -> null;
            };
            if (kind == null) {
                a.errorAt(
                        f.keyLocation(),
                        "metric " + index + ": unknown metric type '" + f.key() + "'; use counter, gauge or histogram");
                return null;
            }
            MetricReader r = new MetricReader(a, f.value(), "metric " + index + " (" + f.key() + "): ");
            String name = r.requiredString("name");
            String description = r.string("description");
            String source = r.string("source");
            String prefix = r.string("prefix");
            Duration maxIdle = r.duration("max_idle_duration", DEFAULT_MAX_IDLE);
            String value = r.string("value");
            Action action = null;
            boolean matchAll = false;
            boolean countBytes = false;
            List<Double> buckets = null;
            if (kind == Kind.HISTOGRAM) {
                if (r.has("action")) {
                    r.error("action", "a histogram has no action: it observes each value");
                }
                buckets = r.numbers("buckets");
                if (buckets != null && buckets.stream().anyMatch(x -> x != Math.rint(x))) {
                    r.warning(
                            "buckets",
                            "Micrometer rounds each observation up to a whole number before it picks its bucket, so bounds that"
                                    + " are not whole numbers count wrongly (sum and count stay exact); use whole numbers, e.g. milliseconds");
                }
            } else {
                String a0 = r.requiredString("action");
                action = a0 == null ? null : parseAction(r, a0);
                if (kind == Kind.COUNTER) {
                    matchAll = r.bool("match_all", false);
                    countBytes = r.bool("count_entry_bytes", false);
                    if (matchAll && action == Action.ADD && !countBytes) {
                        r.warning("action", "match_all with action add and no count_entry_bytes never counts anything");
                    }
                }
            }
            r.finish();
            if (r.failures > 0) {
                return null;
            }
            Action act = action;
            boolean all = matchAll;
            boolean bytes = countBytes;
            List<Double> b = buckets;
            return r.build(
                    () -> new Metric(kind, name, description, source, prefix, maxIdle, value, act, all, bytes, b));
        }

        private static Action parseAction(MetricReader r, String text) {
            for (Action x : Action.values()) {
                if (x != Action.OBSERVE
                        && x.name().toLowerCase(java.util.Locale.ROOT).equals(text)) {
                    return x;
                }
            }
            r.error("action", "action must be one of inc, add, set, dec, sub, got '" + text + "'");
            return null;
        }

        @Override
        public String stageName() {
            return "metrics";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new MetricsStage(this, context);
        }
    }

    /** Reads one metric's map, reporting its errors as the stage's, prefixed with which metric it is. */
    private static final class MetricReader extends MapReader {
        private final StageArgs stage;
        private final String label;
        int failures;

        MetricReader(StageArgs stage, ConfigNode node, String label) {
            super(node instanceof MapNode m ? m : MapNode.empty(node.location()), stage.problems(), stage.context());
            this.stage = stage;
            this.label = label;
            if (!(node instanceof MapNode)) {
                errorAt(node.location(), "must be a map of arguments, got " + node.describe());
            }
        }

        @Override
        public void errorAt(Location at, String message) {
            failures++;
            stage.errorAt(at, label + message);
        }

        @Override
        public void warning(String key, String message) {
            problems().warning(locationOf(key), context(), label + message);
        }

        List<Double> numbers(String key) {
            ConfigNode v = raw(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof ListNode l)) {
                error(key, key + " must be a list of numbers, got " + v.describe());
                return null;
            }
            List<Double> out = new ArrayList<>();
            for (ConfigNode item : l.items()) {
                double d = item instanceof ScalarNode s && s.plain() ? GoFloat.parse(s.text()) : Double.NaN;
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    errorAt(item.location(), key + " must hold numbers only, got " + item.describe());
                } else {
                    out.add(d);
                }
            }
            return out;
        }
    }

    private static boolean isMetricName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || c == '_'
                    || c == ':'
                    || i > 0 && c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private final MetricSeries[] metrics;
    private final TimeSource time;
    private final ProblemCounter notANumber;
    private final ProblemCounter negative;
    private final ProblemCounter seriesLimit;
    private final ProblemCounter registrationFailed;

    private MetricsStage(Config config, StageContext context) {
        List<MetricSeries> shared = context.shared(config, () -> {
            List<MetricSeries> list = new ArrayList<>();
            for (Metric m : config.metrics()) {
                list.add(new MetricSeries(m, context.meters(), config.maxSeries()));
            }
            return List.copyOf(list);
        });
        this.metrics = shared.toArray(new MetricSeries[0]);
        this.time = context.time();
        this.notANumber = context.problems("not_a_number");
        this.negative = context.problems("negative_value");
        this.seriesLimit = context.problems("series_limit");
        this.registrationFailed = context.problems("registration_failed");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        long now = time.nanoTime();
        for (MetricSeries f : metrics) {
            f.pruneIfDue(now);
            record(f, entry, now);
        }
        out.emit(entry);
    }

    @Override
    public void tick(long nowNanos, Emitter out) {
        for (MetricSeries f : metrics) {
            f.pruneIfDue(nowNanos);
        }
    }

    private void record(MetricSeries f, Entry entry, long now) {
        Metric m = f.metric();
        if (m.matchAll()) {
            if (m.countEntryBytes()) {
                update(f, entry, Utf8Size.lengthUpTo(entry.line(), Integer.MAX_VALUE), now);
            } else if (m.action() == Action.INC) {
                update(f, entry, 1, now);
            } // match_all with add and without count_entry_bytes has no value to add, as in Alloy
            return;
        }
        String v = entry.extracted().get(m.source());
        if (v == null || m.value() != null && !m.value().equals(v)) {
            return;
        }
        double d = 1;
        if (m.action() != Action.INC && m.action() != Action.DEC) {
            d = number(v);
            if (Double.isNaN(d)) {
                notANumber.report(m.fullName() + ": '" + v + "'");
                return;
            }
            if (d < 0 && m.kind() != Kind.GAUGE) {
                negative.report(m.fullName() + ": " + v); // a Prometheus counter cannot go down
                return;
            }
        }
        update(f, entry, d, now);
    }

    private static double number(String v) {
        return switch (v) {
            case "true" -> 1;
            case "false" -> 0;
            default -> GoFloat.parse(v);
        };
    }

    private void update(MetricSeries f, Entry entry, double amount, long now) {
        switch (f.update(entry.labels(), amount, now)) {
            case UPDATED -> {}
            case LIMIT ->
                seriesLimit.report(f.metric().fullName() + " has " + f.size()
                        + " label sets, the most max_series allows; entries of new label sets are not counted");
            case FAILED -> registrationFailed.report(f.metric().fullName() + ": " + f.lastFailure());
        }
    }
}
