package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Dropper;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code limit}: lets at most {@code rate} entries a second through, with bursts of {@code burst}.
 * With {@code drop: true} the excess is dropped (reason {@code ratelimit_drop_stage}); otherwise the
 * caller waits, slowing its source down, as Alloy does. With {@code by_label_name} each value of that
 * label has its own budget (entries without the label are not limited), for at most {@code
 * max_distinct_labels} values (default and minimum 10000, as in Alloy; the least recently seen are
 * forgotten); {@code by_label_name} needs {@code drop: true}.
 *
 * <p>As in Alloy, where one {@code loki.process} component handles every stream, the budget is
 * shared by every stream of the pipeline (all pipeline instances built from this config).
 */
final class LimitStage implements Stage {
    static final int MIN_DISTINCT_LABELS = 10_000;

    record Config(double rate, int burst, boolean drop, String byLabelName, int maxDistinctLabels)
            implements StageConfig {
        Config {
            if (!(rate > 0)) {
                throw new InvalidFieldException("rate", "rate must be greater than 0, got " + rate);
            }
            if (burst <= 0) {
                throw new InvalidFieldException("burst", "burst must be greater than 0, got " + burst);
            }
            if (byLabelName != null && byLabelName.isEmpty()) {
                byLabelName = null;
            }
            if (byLabelName != null) {
                LabelNames.check("by_label_name", byLabelName);
                if (!drop) {
                    throw new InvalidFieldException("drop", "by_label_name needs drop: true");
                }
            }
            maxDistinctLabels = Math.max(maxDistinctLabels, MIN_DISTINCT_LABELS);
        }

        static Config parse(StageArgs a) {
            if (!a.has("rate")) {
                a.error("rate", "rate is required: entries a second");
            }
            if (!a.has("burst")) {
                a.error("burst", "burst is required: how many entries may pass at once");
            }
            double rate = a.number("rate", 0);
            int burst = a.integer("burst", 0);
            boolean drop = a.bool("drop", false);
            String by = a.string("by_label_name");
            int max = a.integer("max_distinct_labels", MIN_DISTINCT_LABELS);
            if (a.has("max_distinct_labels") && max < MIN_DISTINCT_LABELS) {
                a.warning(
                        "max_distinct_labels",
                        "max_distinct_labels is raised to " + MIN_DISTINCT_LABELS
                                + ", the smallest value Alloy accepts");
            }
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(rate, burst, drop, by, max));
        }

        @Override
        public String stageName() {
            return "limit";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new LimitStage(this, context);
        }
    }

    /** Budgets shared by every pipeline instance of one config. */
    private static final class Budgets {
        final TokenBucket single;
        final Map<String, TokenBucket> newGen = new HashMap<>();
        Map<String, TokenBucket> oldGen = new HashMap<>();
        final Config config;
        final TimeSource time;

        Budgets(Config config, TimeSource time) {
            this.config = config;
            this.time = time;
            this.single = config.byLabelName() == null ? new TokenBucket(config.rate(), config.burst(), time) : null;
        }

        /** Go's GenerationalMap: keeps at most max values, forgetting those not seen for a generation. */
        synchronized TokenBucket forValue(String value) {
            TokenBucket b = newGen.get(value);
            if (b == null) {
                b = oldGen.get(value);
                if (b == null) {
                    b = new TokenBucket(config.rate(), config.burst(), time);
                }
                newGen.put(value, b);
                if (newGen.size() >= config.maxDistinctLabels()) {
                    oldGen = new HashMap<>(newGen);
                    newGen.clear();
                }
            }
            return b;
        }
    }

    private final Budgets budgets;
    private final String byLabel;
    private final boolean drop;
    private final Dropper dropper;
    private final TimeSource time;

    private LimitStage(Config config, StageContext context) {
        this.budgets = context.shared(config, () -> new Budgets(config, context.time()));
        this.byLabel = config.byLabelName();
        this.drop = config.drop();
        this.dropper = config.drop() ? context.dropper("ratelimit_drop_stage") : null;
        this.time = context.time();
    }

    @Override
    public void process(Entry entry, Emitter out) {
        if (byLabel != null) {
            String v = entry.labels().get(byLabel);
            if (v == null || budgets.forValue(v).tryTake()) {
                out.emit(entry);
            } else {
                dropper.drop(entry);
            }
            return;
        }
        if (drop) {
            if (budgets.single.tryTake()) {
                out.emit(entry);
            } else {
                dropper.drop(entry);
            }
            return;
        }
        long wait = budgets.single.reserve();
        if (wait > 0) {
            time.sleepNanos(wait);
        }
        out.emit(entry);
    }
}
