package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code timestamp}: sets the entry's time from the extracted value {@code source}, parsed with
 * {@code format} (a Go layout or a name such as RFC3339 or UnixMs, see {@link GoTimeFormat}) or, when
 * that fails, each of {@code fallback_formats} in turn. A layout without a zone is read in {@code
 * location} (an IANA zone; {@code Local} is the agent's zone, from {@code TZ}). When nothing parses,
 * {@code action_on_failure} decides, as in Promtail: {@code fudge} (default) gives the entry the last
 * good time of its stream plus 1 ns (or leaves the read time when there is none yet), {@code skip}
 * leaves the read time. A missing source counts as a failure for fudge, as in Promtail, but is not
 * reported as a problem. Fudge remembers the last time per stream (the entry's stream key; Alloy
 * guesses streams by label set).
 */
final class TimestampStage implements Stage {
    /** Alloy keeps the last good time of at most this many streams. */
    static final int MAX_STREAMS = 10_000;

    enum OnFailure {
        FUDGE,
        SKIP
    }

    record Config(String source, List<GoTimeFormat> formats, ZoneId location, OnFailure actionOnFailure)
            implements StageConfig {
        Config {
            if (source == null || source.isEmpty()) {
                throw new InvalidFieldException("source", "source is required: the extracted value holding the time");
            }
            if (formats == null || formats.isEmpty()) {
                throw new InvalidFieldException("format", "format is required");
            }
            formats = List.copyOf(formats);
            if (actionOnFailure == null) {
                actionOnFailure = OnFailure.FUDGE;
            }
        }

        static Config parse(StageArgs a) {
            String source = a.requiredString("source");
            String format = a.requiredString("format");
            List<String> fallbacks = a.stringList("fallback_formats");
            String locationText = a.string("location");
            String action = a.string("action_on_failure", "fudge");
            ZoneId location = null;
            if (locationText != null) {
                location = zone(a, locationText);
            }
            OnFailure onFailure = null;
            switch (action) {
                case "fudge" -> onFailure = OnFailure.FUDGE;
                case "skip" -> onFailure = OnFailure.SKIP;
                default ->
                    a.error("action_on_failure", "action_on_failure must be fudge or skip, got '" + action + "'");
            }
            List<GoTimeFormat> formats = new ArrayList<>();
            if (format != null) {
                compile(a, "format", format, location, formats);
            }
            if (fallbacks != null) {
                for (String f : fallbacks) {
                    compile(a, "fallback_formats", f, location, formats);
                }
            }
            if (!a.finish()) {
                return null;
            }
            ZoneId loc = location;
            OnFailure on = onFailure;
            return a.build(() -> new Config(source, formats, loc, on));
        }

        private static ZoneId zone(StageArgs a, String text) {
            if (text.equals("Local")) {
                return ZoneId.systemDefault();
            }
            if (text.isEmpty() || text.equals("UTC")) {
                return ZoneOffset.UTC;
            }
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                a.error(
                        "location",
                        "location '" + text + "' is not a time zone: use an IANA name such as"
                                + " Europe/Berlin or America/New_York, UTC, or Local for the agent's zone (TZ)");
                return null;
            }
        }

        private static void compile(StageArgs a, String field, String format, ZoneId location, List<GoTimeFormat> out) {
            try {
                out.add(GoTimeFormat.compile(format, location));
            } catch (IllegalArgumentException e) {
                a.error(field, field + ": " + e.getMessage());
            }
        }

        @Override
        public String stageName() {
            return "timestamp";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new TimestampStage(this, context);
        }
    }

    private final String source;
    private final GoTimeFormat[] formats;
    private final boolean fudge;
    private final boolean readsNow; // a layout may take its year from now; the Unix formats never do
    private final TimeSource time;
    private final ProblemCounter unparsable;
    /** last good time per stream, for fudge; least recently used streams are forgotten */
    private final LinkedHashMap<Object, long[]> lastKnown;

    private TimestampStage(Config config, StageContext context) {
        this.source = config.source();
        this.formats = config.formats().toArray(GoTimeFormat[]::new);
        this.fudge = config.actionOnFailure() == OnFailure.FUDGE;
        boolean now = false;
        for (GoTimeFormat f : formats) {
            now |= f.readsNow();
        }
        this.readsNow = now;
        this.time = context.time();
        this.unparsable = context.problems("timestamp_unparsable");
        this.lastKnown = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, long[]> eldest) {
                return size() > MAX_STREAMS;
            }
        };
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String value = entry.extracted().get(source);
        long parsed = GoTimeFormat.FAILED;
        if (value != null) {
            long now = readsNow ? time.epochNanos() : 0;
            for (GoTimeFormat f : formats) {
                parsed = f.parse(value, now);
                if (parsed != GoTimeFormat.FAILED) {
                    break;
                }
            }
            if (parsed == GoTimeFormat.FAILED) {
                unparsable.report(value);
            }
        }
        if (parsed != GoTimeFormat.FAILED) {
            entry.setTimestamp(parsed);
            if (fudge) {
                long[] last = lastKnown.get(entry.streamKey());
                if (last == null) {
                    lastKnown.put(entry.streamKey(), new long[] {parsed});
                } else {
                    last[0] = parsed;
                }
            }
        } else if (fudge) {
            long[] last = lastKnown.get(entry.streamKey());
            if (last != null) {
                last[0]++;
                entry.setTimestamp(last[0]);
            }
        }
        out.emit(entry);
    }

    @Override
    public void endStream(Object streamKey, Emitter out) {
        lastKnown.remove(streamKey);
    }
}
