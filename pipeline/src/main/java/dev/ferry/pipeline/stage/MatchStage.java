package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Dropper;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageChain;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.selector.SelectorParser;
import dev.ferry.pipeline.selector.StreamSelector;
import java.util.List;

/**
 * {@code match}: for entries whose labels (and line, with LogQL line filters) match {@code
 * selector}, either runs the nested {@code stages} ({@code action: keep}, the default) or drops the
 * entry ({@code action: drop}, counted with {@code drop_counter_reason}, default {@code
 * match_stage}). Other entries pass on untouched. {@code pipeline_name} is accepted and ignored, as
 * in Alloy.
 */
final class MatchStage implements Stage {
    enum Action {
        KEEP,
        DROP
    }

    record Config(StreamSelector selector, List<StageConfig> stages, Action action, String dropCounterReason)
            implements StageConfig {
        Config {
            if (selector == null) {
                throw new InvalidFieldException("selector", "selector is required, e.g. '{app=\"api\"}'");
            }
            stages = stages == null ? List.of() : List.copyOf(stages);
            action = action == null ? Action.KEEP : action;
            if (action == Action.KEEP && stages.isEmpty()) {
                throw new InvalidFieldException("stages", "match needs stages to run (or action: drop)");
            }
            if (action == Action.DROP && !stages.isEmpty()) {
                throw new InvalidFieldException("stages", "a match with action: drop cannot have stages");
            }
            dropCounterReason =
                    dropCounterReason == null || dropCounterReason.isEmpty() ? "match_stage" : dropCounterReason;
        }

        static Config parse(StageArgs a) {
            String selectorText = a.requiredString("selector");
            StreamSelector selector = null;
            if (selectorText != null) {
                try {
                    selector = SelectorParser.parse(selectorText);
                } catch (IllegalArgumentException e) {
                    a.error("selector", "selector '" + selectorText + "' is not valid: " + e.getMessage());
                }
            }
            String actionText = a.string("action", "keep");
            Action action = switch (actionText) {
                case "keep" -> Action.KEEP;
                case "drop" -> Action.DROP;
                default -> {
                    a.error("action", "action must be 'keep' or 'drop', got '" + actionText + "'");
                    yield Action.KEEP;
                }
            };
            String reason = a.string("drop_counter_reason");
            a.string("pipeline_name");
            List<StageConfig> stages = a.stages("stages");
            if (!a.finish()) {
                return null;
            }
            StreamSelector sel = selector;
            return a.build(() -> new Config(sel, stages, action, reason));
        }

        @Override
        public String stageName() {
            return "match";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new MatchStage(this, context);
        }
    }

    private final StreamSelector selector;
    private final StageChain nested;
    private final Dropper dropper;

    private MatchStage(Config config, StageContext context) {
        this.selector = config.selector();
        if (config.action() == Action.DROP) {
            this.nested = null;
            this.dropper = context.dropper(config.dropCounterReason());
        } else {
            this.nested = context.nestedChain(config.stages());
            this.dropper = null;
        }
    }

    @Override
    public void process(Entry entry, Emitter out) {
        if (!selector.matches(entry.labels(), entry.line())) {
            out.emit(entry);
        } else if (dropper != null) {
            dropper.drop(entry);
        } else {
            nested.process(entry, out);
        }
    }

    @Override
    public void tick(long nowNanos, Emitter out) {
        if (nested != null) {
            nested.tick(nowNanos, out);
        }
    }

    @Override
    public boolean holds() {
        return nested != null && nested.holds();
    }

    @Override
    public void endStream(Object streamKey, Emitter out) {
        if (nested != null) {
            nested.endStream(streamKey, out);
        }
    }

    @Override
    public void flush(Emitter out) {
        if (nested != null) {
            nested.flush(out);
        }
    }
}
