package dev.ferry.e2e.reliability;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Log lines that carry their run's id and a sequence number in the message ({@code run=ID seq=N}),
 * shaped like the user's logs: pino JSON from Node services and Plex Media Server's text lines.
 * Whatever a pipeline keeps of the line, the message survives, so the checker can find the number.
 */
enum SequencedLine {
    /** {@code {"level":30,"time":…,"pid":…,"hostname":…,"module":"orders","msg":"run=ID seq=N …"}}; every 10th warns. */
    PINO {
        @Override
        String format(String run, int seq, long epochMillis) {
            return "{\"level\":" + (seq % 10 == 0 ? 40 : 30) + ",\"time\":" + epochMillis
                    + ",\"pid\":4242,\"hostname\":\"node-1\",\"module\":\"orders\",\"msg\":\"" + message(run, seq)
                    + " order processed\"}";
        }
    },
    /** {@code Jan 27, 2026 12:39:48.421 [0x7f3a] INFO - run=ID seq=N …}; every 10th is a WARNING. */
    PLEX {
        @Override
        String format(String run, int seq, long epochMillis) {
            String time = PLEX_TIME.format(
                    ZonedDateTime.ofInstant(java.time.Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
            return time + " [0x7f3a] " + (seq % 10 == 0 ? "WARNING" : "INFO") + " - " + message(run, seq)
                    + " Scanner: processing directory /data/movies";
        }
    };

    private static final DateTimeFormatter PLEX_TIME =
            DateTimeFormatter.ofPattern("MMM d, yyyy HH:mm:ss.SSS", Locale.US);
    private static final Pattern SEQ = Pattern.compile("run=(\\S+) seq=(\\d+)");

    /** The line (without its newline) for sequence number {@code seq}, written at {@code epochMillis}. */
    abstract String format(String run, int seq, long epochMillis);

    /** The text every line of a run carries, whatever the pipeline does to the rest. */
    static String message(String run, int seq) {
        return "run=" + run + " seq=" + seq;
    }

    /** The sequence number a stored line carries for run {@code run}, or empty when it is not one of that run's. */
    static OptionalInt seqOf(String run, String storedLine) {
        Matcher m = SEQ.matcher(storedLine);
        return m.find() && m.group(1).equals(run) ? OptionalInt.of(Integer.parseInt(m.group(2))) : OptionalInt.empty();
    }
}
