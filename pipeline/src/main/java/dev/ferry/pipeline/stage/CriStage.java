package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.JoinedToken;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.format.CriLine;
import dev.ferry.pipeline.gotime.GoTimeFormat;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code cri}: reads the CRI header ({@code <time> <stdout|stderr> <F|P> <text>}) as Alloy does:
 * the line becomes the text, the time the entry's time, {@code stream} a label, and {@code time},
 * {@code stream}, {@code flags}, {@code content} are extracted. Partial ({@code P}) lines are held
 * per stream (and stdout/stderr) and joined with the full line that ends them; the joined entry
 * carries every part's token. A line that is not CRI passes unchanged.
 *
 * <p>Bounds (Ferry keeps memory bounded where Alloy may not): {@code max_partial_lines} (default
 * 100) parts at most are joined into one entry — more are released as they are; Alloy counts held
 * streams instead, but a Ferry pipeline instance serves one source. {@code max_partial_line_size}
 * (bytes, 0 = unlimited) caps a joined line: with {@code max_partial_line_size_truncate: true} the
 * rest is cut off, as in Alloy; otherwise what is held is released as one entry and a new one starts.
 */
final class CriStage implements Stage {
    record Config(int maxPartialLines, long maxPartialLineSize, boolean truncate) implements StageConfig {
        Config {
            if (maxPartialLines <= 0) {
                throw new InvalidFieldException("max_partial_lines", "max_partial_lines must be greater than 0");
            }
            if (maxPartialLineSize < 0) {
                throw new InvalidFieldException("max_partial_line_size", "max_partial_line_size must not be negative");
            }
        }

        static Config parse(StageArgs a) {
            int maxLines = a.integer("max_partial_lines", 100);
            long maxSize = 0;
            String size = a.string("max_partial_line_size");
            if (size != null) {
                try {
                    maxSize = ByteSize.parse(size);
                } catch (IllegalArgumentException e) {
                    a.error("max_partial_line_size", "max_partial_line_size: " + e.getMessage());
                }
            }
            boolean truncate = a.bool("max_partial_line_size_truncate", false);
            if (!a.finish()) {
                return null;
            }
            long s = maxSize;
            return a.build(() -> new Config(maxLines, s, truncate));
        }

        @Override
        public String stageName() {
            return "cri";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new CriStage(this, context);
        }
    }

    /** One stream's partial line being built. */
    private static final class Held {
        Entry latest;
        final StringBuilder text = new StringBuilder(256);
        final JoinedToken.Collector tokens = new JoinedToken.Collector();
        int parts;
    }

    private final int maxParts;
    private final long maxSize;
    private final boolean truncate;
    private final Map<Object, Held> stdout = new HashMap<>();
    private final Map<Object, Held> stderr = new HashMap<>();
    private final ProblemCounter truncated;
    private final ProblemCounter released;

    private CriStage(Config config, StageContext context) {
        this.maxParts = config.maxPartialLines();
        this.maxSize = config.maxPartialLineSize();
        this.truncate = config.truncate();
        this.truncated = context.problems("partial_line_truncated");
        this.released = context.problems("partial_lines_released");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        CriLine cri = CriLine.parse(entry.line());
        if (cri == null) {
            out.emit(entry);
            return;
        }
        entry.extracted().put("flags", cri.partial() ? "P" : "");
        entry.extracted().put("stream", cri.stream());
        entry.extracted().put("content", cri.content());
        entry.extracted().put("time", cri.timestamp());
        entry.setLine(cri.content());
        long t = cri.epochNanos();
        if (t != GoTimeFormat.FAILED) {
            entry.setTimestamp(t);
        }
        entry.labels().put("stream", cri.stream());
        Map<Object, Held> streams = cri.stderr() ? stderr : stdout;
        if (cri.partial()) {
            Held held = streams.computeIfAbsent(entry.streamKey(), k -> new Held());
            held.latest = entry;
            held.text.append(cri.content());
            held.tokens.add(entry.ackToken());
            held.parts++;
            if (maxSize > 0 && utf8Length(held.text) > maxSize) {
                if (truncate) {
                    cut(held.text, maxSize);
                    truncated.report(held.parts + " parts");
                } else {
                    released.report("max_partial_line_size reached");
                    release(held, out);
                    streams.remove(entry.streamKey());
                    return;
                }
            }
            if (held.parts >= maxParts) {
                released.report("max_partial_lines reached");
                release(held, out);
                streams.remove(entry.streamKey());
            }
            return;
        }
        Held held = streams.remove(entry.streamKey());
        if (held == null) {
            out.emit(entry);
            return;
        }
        held.latest = entry;
        held.text.append(cri.content());
        held.tokens.add(entry.ackToken());
        if (truncate && maxSize > 0 && utf8Length(held.text) > maxSize) {
            cut(held.text, maxSize);
            truncated.report((held.parts + 1) + " parts");
        }
        release(held, out);
    }

    private static void release(Held held, Emitter out) {
        Entry e = held.latest;
        e.setLine(held.text.toString());
        e.setAckToken(held.tokens.drain());
        out.emit(e);
    }

    private static long utf8Length(CharSequence s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }

    /** Cuts {@code s} to at most {@code bytes} UTF-8 bytes, never inside a character. */
    private static void cut(StringBuilder s, long bytes) {
        long n = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = Character.codePointAt(s, i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (n + len > bytes) {
                break;
            }
            n += len;
            i += Character.charCount(cp);
        }
        s.setLength(i);
    }

    @Override
    public void endStream(Object streamKey, Emitter out) {
        Held a = stdout.remove(streamKey);
        if (a != null) {
            release(a, out);
        }
        Held b = stderr.remove(streamKey);
        if (b != null) {
            release(b, out);
        }
    }

    @Override
    public void flush(Emitter out) {
        for (Map<Object, Held> streams : java.util.List.of(stdout, stderr)) {
            for (Iterator<Held> it = streams.values().iterator(); it.hasNext(); ) {
                release(it.next(), out);
                it.remove();
            }
        }
    }
}
