package dev.ferry.pipeline.stage;

import com.google.re2j.Matcher;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.JoinedToken;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.config.InvalidFieldException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code multiline}: joins a first line (one {@code firstline} matches) and the lines after it that
 * do not match, with "\n", into one entry with the first line's timestamp, labels and extracted
 * values. Per stream. A block is released when the next first line comes, when it reaches {@code
 * max_lines} (default 128), when its stream has been quiet for {@code max_wait_time} (default 3s;
 * Alloy's timer also restarts on every line), when the stream ends, and on flush.
 *
 * <p>As in Alloy, lines of a stream pass through untouched until its first first-line. Unlike Alloy,
 * a continuation line that arrives after its block was released starts a block of its own with its
 * own timestamp and labels (Alloy reuses those of the released block's first line).
 *
 * <p>The joined entry's token is a {@link JoinedToken} of every part's token, so each source line
 * is settled once the joined entry is.
 */
final class MultilineStage implements Stage {
    record Config(LineTest firstline, Duration maxWaitTime, int maxLines) implements StageConfig {
        Config {
            if (firstline == null) {
                throw new InvalidFieldException(
                        "firstline", "firstline is required: the expression a block's first line matches");
            }
            if (maxWaitTime == null || maxWaitTime.isNegative() || maxWaitTime.isZero()) {
                throw new InvalidFieldException(
                        "max_wait_time", "max_wait_time must be greater than 0, got " + maxWaitTime);
            }
            if (maxLines < 1) {
                throw new InvalidFieldException("max_lines", "max_lines must be at least 1, got " + maxLines);
            }
        }

        static Config parse(StageArgs a) {
            String firstline = a.requiredString("firstline");
            Duration maxWait = a.duration("max_wait_time", Duration.ofSeconds(3));
            int maxLines = a.integer("max_lines", 128);
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(LineTest.of(Regexes.compile("firstline", firstline)), maxWait, maxLines));
        }

        @Override
        public String stageName() {
            return "multiline";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new MultilineStage(this, context.time(), context.problems("entry_too_large"));
        }
    }

    /** One stream's block being built. */
    private static final class Block {
        Entry first; // null when nothing is held
        int lines;
        StringBuilder text; // made on the second line
        boolean cut; // text reached MAX_BLOCK_CHARS
        final JoinedToken.Collector tokens = new JoinedToken.Collector();
        long lastLineNanos;
    }

    private final LineTest firstline;
    private final Matcher matcher;
    private final long maxWaitNanos;
    private final int maxLines;
    private final TimeSource time;
    private final Map<Object, Block> blocks = new HashMap<>();
    private final dev.ferry.pipeline.ProblemCounter truncated;
    private Object lastKey;
    private Block lastBlock;

    /**
     * The most text a joined entry holds (chars): 128 lines of 256 KiB would otherwise build a 32 MiB
     * string per stream and exhaust a small heap. Lines past it still join (their acks travel with
     * the entry) but their text is left out, once marked; the output's max_line_size cuts further.
     */
    static final int MAX_BLOCK_CHARS = 512 * 1024;

    static final String TRUNCATED_MARKER = "\n…[lines cut by ferry: joined entry too large]";

    private MultilineStage(Config config, TimeSource time, dev.ferry.pipeline.ProblemCounter truncated) {
        this.truncated = truncated;
        this.firstline = config.firstline();
        this.matcher = firstline.newMatcher();
        this.maxWaitNanos = config.maxWaitTime().toNanos();
        this.maxLines = config.maxLines();
        this.time = time;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        boolean isFirst = firstline.test(matcher, entry.line());
        Object key = entry.streamKey();
        Block block;
        if (key == lastKey) {
            block = lastBlock;
        } else {
            block = blocks.get(key);
            if (block == null) {
                if (!isFirst) {
                    out.emit(entry); // nothing to join to yet
                    return;
                }
                block = new Block();
                blocks.put(key, block);
            }
            lastKey = key;
            lastBlock = block;
        }
        if (isFirst) {
            release(block, out);
        }
        block.lastLineNanos = time.nanoTime();
        if (block.first == null) {
            block.first = entry;
            block.lines = 1;
        } else {
            if (block.lines == 1) {
                if (block.text == null) {
                    block.text = new StringBuilder(256);
                }
                block.text.setLength(0);
                block.text.append(block.first.line());
                block.tokens.add(block.first.ackToken());
            }
            if (block.text.length() + 1 + entry.line().length() <= MAX_BLOCK_CHARS) {
                block.text.append('\n').append(entry.line());
            } else if (!block.cut) {
                block.cut = true;
                block.text.append(TRUNCATED_MARKER);
                truncated.report(null);
            }
            block.tokens.add(entry.ackToken());
            block.lines++;
        }
        if (block.lines >= maxLines) {
            release(block, out);
        }
    }

    private static void release(Block block, Emitter out) {
        Entry first = block.first;
        if (first == null) {
            return;
        }
        if (block.lines > 1) {
            first.setLine(block.text.toString());
            first.setAckToken(block.tokens.drain());
            if (block.text.capacity() > 64 * 1024) {
                block.text = null; // do not keep a huge buffer for every stream
            }
        }
        block.first = null;
        block.lines = 0;
        block.cut = false;
        out.emit(first);
    }

    @Override
    public void tick(long nowNanos, Emitter out) {
        for (Block block : blocks.values()) {
            if (block.first != null && nowNanos - block.lastLineNanos >= maxWaitNanos) {
                release(block, out);
            }
        }
    }

    @Override
    public boolean holds() {
        for (Block block : blocks.values()) {
            if (block.first != null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void endStream(Object streamKey, Emitter out) {
        Block block = blocks.remove(streamKey);
        if (streamKey == lastKey) {
            lastKey = null;
            lastBlock = null;
        }
        if (block != null) {
            release(block, out);
        }
    }

    @Override
    public void flush(Emitter out) {
        for (Iterator<Block> it = blocks.values().iterator(); it.hasNext(); ) {
            release(it.next(), out);
        }
    }

    /** Streams with state (for tests). */
    int streams() {
        return blocks.size();
    }
}
