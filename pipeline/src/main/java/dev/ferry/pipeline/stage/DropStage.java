package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import dev.ferry.pipeline.Dropper;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.Utf8Size;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.time.Duration;
import java.util.List;

/**
 * {@code drop}: drops entries that meet every condition given (Alloy's semantics):
 *
 * <ul>
 *   <li>{@code longer_than}: the line is longer than this many UTF-8 bytes ({@code 10KB} = 10240);
 *   <li>{@code older_than}: the timestamp is older than now minus this duration;
 *   <li>{@code source} alone: every named extracted value exists;
 *   <li>{@code expression}: the line (or, with {@code source}, the sources' values joined by {@code
 *       separator}, default ";") matches the RE2 expression somewhere;
 *   <li>{@code value}: the sources' joined values equal it exactly.
 * </ul>
 *
 * {@code source} is a name, a comma-separated list of names (as in Alloy) or a YAML list. Dropped
 * entries are acknowledged as DROPPED and counted with reason {@code drop_counter_reason} (default
 * {@code drop_stage}).
 */
final class DropStage implements Stage {
    record Config(
            List<String> source,
            String separator,
            LineTest expression,
            String value,
            Duration olderThan,
            long longerThan,
            String dropCounterReason)
            implements StageConfig {
        Config {
            source = source == null ? List.of() : List.copyOf(source);
            separator = separator == null ? ";" : separator;
            dropCounterReason =
                    dropCounterReason == null || dropCounterReason.isEmpty() ? "drop_stage" : dropCounterReason;
            if (source.isEmpty() && expression == null && olderThan == null && longerThan <= 0 && value == null) {
                throw new InvalidFieldException(
                        null, "drop needs at least one of source, expression, value, older_than or longer_than");
            }
            if (value != null && expression != null) {
                throw new InvalidFieldException("value", "value and expression cannot both be set");
            }
            if (value != null && source.isEmpty()) {
                throw new InvalidFieldException("value", "value needs source: the extracted values to compare with it");
            }
            if (olderThan != null && (olderThan.isNegative() || olderThan.isZero())) {
                throw new InvalidFieldException("older_than", "older_than must be greater than 0, got " + olderThan);
            }
            if (longerThan < 0) {
                throw new InvalidFieldException("longer_than", "longer_than must be positive, got " + longerThan);
            }
        }

        static Config parse(StageArgs a) {
            List<String> source = a.stringOrList("source");
            if (source != null && source.size() == 1 && source.get(0).contains(",")) {
                source = List.of(source.get(0).split(",", -1));
            }
            String separator = a.string("separator");
            String expression = a.string("expression");
            String value = a.string("value");
            Duration olderThan = a.duration("older_than", null);
            long longerThan = 0;
            if (a.has("longer_than")) {
                try {
                    longerThan = ByteSize.parse(a.string("longer_than", "0"));
                } catch (IllegalArgumentException | ArithmeticException e) {
                    a.error("longer_than", "longer_than: " + e.getMessage());
                }
            }
            String reason = a.string("drop_counter_reason");
            if (!a.finish()) {
                return null;
            }
            List<String> src = source;
            long lt = longerThan;
            return a.build(() -> new Config(
                    src,
                    separator,
                    expression == null || expression.isEmpty()
                            ? null
                            : LineTest.of(Regexes.compile("expression", expression)),
                    value == null || value.isEmpty() ? null : value,
                    olderThan,
                    lt,
                    reason));
        }

        @Override
        public String stageName() {
            return "drop";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new DropStage(this, context);
        }
    }

    private final Config config;
    private final String[] sources;
    private final Matcher matcher;
    private final Dropper dropper;
    private final TimeSource time;
    private final long olderThanNanos;
    private final StringBuilder joined = new StringBuilder();

    private DropStage(Config config, StageContext context) {
        this.config = config;
        this.sources = config.source().toArray(new String[0]);
        this.matcher = config.expression() == null ? null : config.expression().newMatcher();
        this.dropper = context.dropper(config.dropCounterReason());
        this.time = context.time();
        this.olderThanNanos =
                config.olderThan() == null ? 0 : config.olderThan().toNanos();
    }

    @Override
    public void process(Entry entry, Emitter out) {
        if (shouldDrop(entry)) {
            dropper.drop(entry);
        } else {
            out.emit(entry);
        }
    }

    private boolean shouldDrop(Entry entry) {
        if (config.longerThan() > 0) {
            long limit = config.longerThan();
            if (limit >= Integer.MAX_VALUE || Utf8Size.lengthUpTo(entry.line(), (int) limit) <= limit) {
                return false;
            }
        }
        if (olderThanNanos > 0 && entry.timestamp() >= time.epochNanos() - olderThanNanos) {
            return false;
        }
        boolean hasTest = matcher != null || config.value() != null;
        if (sources.length > 0 && !hasTest) {
            FieldMap extracted = entry.extracted();
            for (String s : sources) {
                if (!extracted.contains(s)) {
                    return false;
                }
            }
            return true;
        }
        if (sources.length == 0) {
            return matcher == null || config.expression().test(matcher, entry.line());
        }
        String input = joinSources(entry.extracted());
        if (config.value() != null) {
            return config.value().equals(input);
        }
        return config.expression().test(matcher, input);
    }

    private String joinSources(FieldMap extracted) {
        if (sources.length == 1) {
            String v = extracted.get(sources[0]);
            return v == null ? "" : v;
        }
        joined.setLength(0);
        boolean any = false;
        for (String s : sources) {
            String v = extracted.get(s);
            if (v != null) {
                if (any) {
                    joined.append(config.separator());
                }
                joined.append(v);
                any = true;
            }
        }
        return joined.toString();
    }
}
