package dev.ferry.agent.file;

import dev.ferry.loki.Labels;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code file} source: which files to tail and how. Defaults follow Promtail where it has the
 * option. Every field is checked on construction; {@code null} means the default.
 *
 * @param name the source's name: metrics tag and positions section
 * @param include globs of files to tail ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}; {@code **}
 *     crosses directories, also none: {@code /logs/**}{@code /*.log} matches {@code /logs/a.log})
 * @param exclude globs of files never to tail, even when included
 * @param labels static labels of every entry; {@code filename} (the file's path) is added
 * @param tailFromEnd start files present at the first start, without a saved position, at their end
 * @param encoding the files' charset; must be ASCII-compatible (UTF-8 default)
 * @param syncPeriod how often the globs are scanned again for new, renamed and deleted files (10s)
 * @param pollInterval how long the reader rests when no file had new bytes (250ms)
 * @param maxLineSize longest line in bytes the source reads whole (2 MiB): a memory guard, not the
 *     limit of what Loki gets. Lines up to it go whole to the pipeline, which parses them and cuts
 *     its output at {@code limits.max_line_size} (as {@code ferry process} does); a longer line is
 *     cut here by the same rule (marker included) and the rest of it skipped unread, or dropped
 * @param dropLongLines drop a line longer than {@code maxLineSize} instead of cutting it (false)
 * @param readBufferSize bytes read per read call; the one buffer of the source (64 KiB)
 * @param fingerprintSize leading bytes hashed to tell a file from another with the same inode (1 KiB)
 */
public record FileSourceConfig(
        String name,
        List<String> include,
        List<String> exclude,
        Map<String, String> labels,
        boolean tailFromEnd,
        Charset encoding,
        Duration syncPeriod,
        Duration pollInterval,
        Integer maxLineSize,
        boolean dropLongLines,
        Integer readBufferSize,
        Integer fingerprintSize) {

    public static final Duration DEFAULT_SYNC_PERIOD = Duration.ofSeconds(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * Lines up to 2 MiB are read whole: eight times Loki's own line limit, so a pino line with a large
     * stack still parses, while one line costs a few MiB of heap at most (the chart gives 64 MiB).
     */
    public static final int DEFAULT_MAX_LINE_SIZE = 2 * 1024 * 1024;

    public static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;
    public static final int DEFAULT_FINGERPRINT_SIZE = 1024;
    /** The label that carries the file's path. */
    public static final String FILENAME_LABEL = "filename";

    public FileSourceConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("file source: name is required");
        }
        String where = "file source '" + name + "': ";
        include = include == null ? List.of() : List.copyOf(include);
        if (include.isEmpty()) {
            throw new IllegalArgumentException(where + "include: at least one glob is required (e.g. /var/log/*.log)");
        }
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        for (String glob : include) {
            Glob.check(glob, where + "include");
        }
        for (String glob : exclude) {
            Glob.check(glob, where + "exclude");
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        if (labels.containsKey(FILENAME_LABEL)) {
            throw new IllegalArgumentException(
                    where + "labels: 'filename' is set by the source to the file's path; choose another name");
        }
        try {
            Labels.of(labels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "labels: " + e.getMessage());
        }
        encoding = encoding == null ? StandardCharsets.UTF_8 : encoding;
        if (!asciiCompatible(encoding)) {
            throw new IllegalArgumentException(where + "encoding: " + encoding.name()
                    + " is not supported: lines are split at the byte 0x0A, so the charset must encode ASCII as"
                    + " single bytes (UTF-8, ISO-8859-x, windows-125x)");
        }
        syncPeriod = positive(where + "sync_period", syncPeriod, DEFAULT_SYNC_PERIOD);
        pollInterval = positive(where + "poll_interval", pollInterval, DEFAULT_POLL_INTERVAL);
        maxLineSize = atLeast(where + "max_line_size", maxLineSize, DEFAULT_MAX_LINE_SIZE, 1);
        readBufferSize = atLeast(where + "read_buffer_size", readBufferSize, DEFAULT_READ_BUFFER_SIZE, 512);
        fingerprintSize = atLeast(where + "fingerprint_size", fingerprintSize, DEFAULT_FINGERPRINT_SIZE, 16);
        if (maxLineSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(where + "max_line_size: at most " + (Integer.MAX_VALUE - 16));
        }
    }

    /** A source with every option at its default. */
    public static FileSourceConfig of(String name, List<String> include, Map<String, String> labels) {
        return new FileSourceConfig(name, include, null, labels, false, null, null, null, null, false, null, null);
    }

    /** This config with {@code tail_from_end} set. */
    public FileSourceConfig withTailFromEnd(boolean tailFromEnd) {
        return new FileSourceConfig(
                name,
                include,
                exclude,
                labels,
                tailFromEnd,
                encoding,
                syncPeriod,
                pollInterval,
                maxLineSize,
                dropLongLines,
                readBufferSize,
                fingerprintSize);
    }

    private static boolean asciiCompatible(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] probe = "\n\rAz09 {}".getBytes(charset);
        return java.util.Arrays.equals(probe, "\n\rAz09 {}".getBytes(StandardCharsets.US_ASCII));
    }

    private static Duration positive(String field, Duration value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, got " + value);
        }
        return value;
    }

    private static int atLeast(String field, Integer value, int fallback, int min) {
        if (value == null) {
            return fallback;
        }
        if (value < min) {
            throw new IllegalArgumentException(field + ": must be at least " + min + ", got " + value);
        }
        return value;
    }
}
