package dev.ferry.agent.file;

import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * The file source's per-file info lines (opened, renamed, closed, …), bounded. While files come and
 * go slowly each event is one info line. Past {@link #INFO_PER_MINUTE} events in a minute (a rotation
 * storm: Plex renaming dozens of logs at once) the rest are written at debug only, and when the
 * minute is over one info line counts them by kind. {@link LogThrottle} keeps one line per reason;
 * this keeps the first few of every kind, which is what a user reads, and the count of the rest.
 */
final class FileEventLog {
    /** Info lines of single events per minute; one more line sums up the others. */
    static final int INFO_PER_MINUTE = 20;

    private static final long WINDOW_MILLIS = 60_000;

    /** What happened to a file. */
    enum Kind {
        OPENED,
        RENAMED,
        GONE,
        TRUNCATED,
        FINISHED,
        RELABELED,
        CLOSED
    }

    private final Logger log;
    private final Clock clock;
    private final String source;
    private final int[] debugOnly = new int[Kind.values().length];
    private long windowStart = Long.MIN_VALUE;
    private int atInfo;
    private int atDebug;

    FileEventLog(Logger log, Clock clock, String source) {
        this.log = log;
        this.clock = clock;
        this.source = source;
    }

    /** Logs one event: at info while this minute's budget lasts, else at debug (and counted). */
    void event(Kind kind, String format, Object... args) {
        tick();
        if (windowStart == Long.MIN_VALUE) {
            windowStart = clock.millis();
        }
        if (atInfo < INFO_PER_MINUTE) {
            atInfo++;
            log.info(format, args);
        } else {
            atDebug++;
            debugOnly[kind.ordinal()]++;
            log.debug(format, args);
        }
    }

    /** Ends the minute when it is over, summing up what was logged at debug only. */
    void tick() {
        if (windowStart == Long.MIN_VALUE || clock.millis() - windowStart < WINDOW_MILLIS) {
            return;
        }
        if (atDebug > 0) {
            StringBuilder counts = new StringBuilder();
            for (Kind k : Kind.values()) {
                if (debugOnly[k.ordinal()] > 0) {
                    counts.append(' ')
                            .append(k.name().toLowerCase(Locale.ROOT))
                            .append('=')
                            .append(debugOnly[k.ordinal()]);
                }
            }
            log.info(
                    "file events in the last minute, details at debug source={} at_debug={}{}",
                    source,
                    atDebug,
                    counts);
        }
        windowStart = Long.MIN_VALUE;
        atInfo = 0;
        atDebug = 0;
        Arrays.fill(debugOnly, 0);
    }
}
