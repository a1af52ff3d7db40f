package dev.ferry.loki;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which streams and entries Loki refused from the body of its 400 answer to a push, in the
 * two forms Loki 3.4 writes (see the fixtures in the tests, captured from the real binary):
 *
 * <ul>
 *   <li>the distributor's validation errors: one message, or several grouped by text as
 *       {@code "N errors like: MESSAGE; M errors like: MESSAGE"}, each naming the stream by its labels;
 *   <li>the ingester's refusal of entries behind the stream's newest: a line per refused entry (at
 *       most ten) with its exact timestamp, then {@code "user 'T', total ignored: N out of M for stream: LABELS"}.
 * </ul>
 *
 * Returns null when any part of the body cannot be tied to a stream of the batch: the caller then
 * treats the whole batch as refused, as before.
 */
final class LokiRefusals {
    private static final Pattern GROUP = Pattern.compile("(?:^|; )(\\d+) errors like: ");
    private static final Pattern LABEL_COUNT = Pattern.compile("has \\d+ label names; limit \\d+");
    private static final Pattern QUOTED_NUMBER = Pattern.compile("'(\\d+)'");
    private static final String STREAM = "stream '";
    private static final String ENTRY_FOR_STREAM = "entry for stream '";
    private static final String MAX_ENTRY_SIZE = "Max entry size '";
    private static final String LINE_LENGTH = "' while adding an entry with length ";
    private static final String INGESTER_ENTRY = "entry with timestamp ";
    private static final String INGESTER_TOTAL = ", total ignored: ";

    private LokiRefusals() {}

    /** The refusals {@code body} lists, each tied to one of {@code streams}; null if any cannot be. */
    static List<Refusal> parse(String body, List<StreamEntries> streams) {
        String text = body.strip();
        if (text.isEmpty()) {
            return null;
        }
        Map<String, StreamEntries> byLabels = new HashMap<>();
        for (StreamEntries s : streams) {
            byLabels.put(s.labels.rendered(), s);
        }
        if (text.startsWith(INGESTER_ENTRY) || text.startsWith("user '")) {
            return ingester(text, byLabels);
        }
        List<Refusal> out = new ArrayList<>();
        Matcher m = GROUP.matcher(text);
        if (!m.lookingAt()) {
            Refusal r = message(text, 1, byLabels);
            return r == null ? null : List.of(r);
        }
        // groups are "N errors like: MESSAGE" joined by "; "; a message may itself hold "; " (in a label value)
        List<int[]> starts = new ArrayList<>();
        m.reset();
        while (m.find()) {
            starts.add(new int[] {m.start(), m.end(), Integer.parseInt(m.group(1))});
        }
        for (int g = 0; g < starts.size(); g++) {
            int end = g + 1 < starts.size() ? starts.get(g + 1)[0] : text.length();
            Refusal r = message(text.substring(starts.get(g)[1], end), starts.get(g)[2], byLabels);
            if (r == null) {
                return null;
            }
            out.add(r);
        }
        return out;
    }

    /** One distributor message that {@code count} entries got; null when it names no stream of the batch. */
    private static Refusal message(String msg, int count, Map<String, StreamEntries> byLabels) {
        if (msg.startsWith(MAX_ENTRY_SIZE)) {
            int at = msg.indexOf("' bytes exceeded for " + STREAM);
            if (at < 0) {
                return null;
            }
            int labelsAt = at + ("' bytes exceeded for " + STREAM).length();
            for (int q = msg.indexOf(LINE_LENGTH, labelsAt); q >= 0; q = msg.indexOf(LINE_LENGTH, q + 1)) {
                StreamEntries s = byLabels.get(msg.substring(labelsAt, q));
                long length = quotedNumberAfter(msg.substring(q), LINE_LENGTH);
                if (s != null && length >= 0) {
                    return Refusal.matching(s, RejectReason.LINE_TOO_LONG, count, i -> s.lineBytes(i) == length);
                }
            }
            return null;
        }
        boolean entryFor = msg.startsWith(ENTRY_FOR_STREAM);
        if (!entryFor && !msg.startsWith(STREAM)) {
            return null;
        }
        int labelsAt = entryFor ? ENTRY_FOR_STREAM.length() : STREAM.length();
        // the labels end at a "' " that is followed by one of Loki's phrases; a label value may hold "' " too
        for (int q = msg.indexOf("' ", labelsAt); q >= 0; q = msg.indexOf("' ", q + 1)) {
            StreamEntries s = byLabels.get(msg.substring(labelsAt, q));
            if (s != null) {
                Refusal r = entryFor
                        ? entryPhrase(s, msg.substring(q + 2), count)
                        : streamPhrase(s, msg.substring(q + 2), count);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** After "stream '{...}' ": label problems refuse the stream, metadata problems some entries. */
    private static Refusal streamPhrase(StreamEntries s, String rest, int count) {
        if (rest.startsWith("has label name too long: ")
                || rest.startsWith("has label value too long: ")
                || rest.startsWith("has duplicate label name: ")) {
            return Refusal.wholeStream(s, RejectReason.INVALID_LABELS);
        }
        if (rest.startsWith("includes structured metadata, but this feature is disallowed")) {
            return Refusal.matching(s, RejectReason.STRUCTURED_METADATA, count, i -> s.metadataPairs(i) > 0);
        }
        long size = quotedNumberAfter(rest, "has structured metadata too large: ");
        if (size >= 0) {
            return Refusal.matching(s, RejectReason.STRUCTURED_METADATA, count, i -> s.metadataBytes(i) == size);
        }
        long pairs = quotedNumberAfter(rest, "has too many structured metadata labels: ");
        if (pairs >= 0) {
            return Refusal.matching(s, RejectReason.STRUCTURED_METADATA, count, i -> s.metadataPairs(i) == pairs);
        }
        return null;
    }

    /** The number in {@code 'N'} right after {@code phrase} at the start of {@code text}; -1 if it is not there. */
    private static long quotedNumberAfter(String text, String phrase) {
        if (!text.startsWith(phrase)) {
            return -1;
        }
        Matcher n = QUOTED_NUMBER.matcher(text).region(phrase.length(), text.length());
        return n.lookingAt() ? Long.parseLong(n.group(1)) : -1;
    }

    /** After "entry for stream '{...}' ": too many labels refuses the stream; a time out of range, the entries of that second. */
    private static Refusal entryPhrase(StreamEntries s, String rest, int count) {
        if (LABEL_COUNT.matcher(rest).matches()) {
            return Refusal.wholeStream(s, RejectReason.INVALID_LABELS);
        }
        RejectReason reason;
        String time;
        if (rest.startsWith("has timestamp too new: ")) {
            reason = RejectReason.TOO_NEW;
            time = rest.substring("has timestamp too new: ".length());
        } else if (rest.startsWith("has timestamp too old: ")) {
            reason = RejectReason.TOO_OLD;
            time = rest.substring("has timestamp too old: ".length());
            int comma = time.indexOf(", oldest acceptable timestamp is: ");
            if (comma < 0) {
                return null;
            }
            time = time.substring(0, comma);
        } else {
            return null;
        }
        long second;
        try {
            second = OffsetDateTime.parse(time.strip()).toEpochSecond(); // RFC 3339, to the second
        } catch (DateTimeException e) {
            return null;
        }
        return Refusal.matching(s, reason, count, i -> Math.floorDiv(s.epochNanos(i), 1_000_000_000L) == second);
    }

    /** The ingester's form: listed entries by exact time, the rest of its total as the stream's oldest. */
    private static List<Refusal> ingester(String text, Map<String, StreamEntries> byLabels) {
        int last = text.lastIndexOf('\n') + 1;
        String summary = text.substring(last);
        int total = summary.indexOf(INGESTER_TOTAL);
        int forStream = summary.indexOf(" for stream: ", Math.max(0, total));
        if (!summary.startsWith("user '") || total < 0 || forStream < 0) {
            return null;
        }
        StreamEntries s = byLabels.get(summary.substring(forStream + " for stream: ".length()));
        int ignored;
        try {
            String counts = summary.substring(total + INGESTER_TOTAL.length(), forStream);
            ignored = Integer.parseInt(counts.substring(0, counts.indexOf(" out of ")));
        } catch (RuntimeException e) {
            return null;
        }
        if (s == null || ignored < 1) {
            return null;
        }
        List<Refusal> out = new ArrayList<>();
        RejectReason reason = RejectReason.OUT_OF_ORDER;
        for (String line : text.substring(0, last).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int ignoredAt = line.indexOf(" ignored, reason: '");
            if (!line.startsWith(INGESTER_ENTRY) || ignoredAt < 0) {
                return null;
            }
            long nanos = goTimeNanos(line.substring(INGESTER_ENTRY.length(), ignoredAt));
            if (nanos == Long.MIN_VALUE) {
                return null;
            }
            reason = RejectReason.classify(400, line.substring(ignoredAt));
            out.add(Refusal.matching(s, reason, 1, i -> s.epochNanos(i) == nanos));
        }
        if (ignored > out.size()) {
            out.add(Refusal.oldest(s, reason, ignored - out.size()));
        }
        return out;
    }

    /** Go's {@code time.Time.String()}: "2006-01-02 15:04:05.999999999 -0700 MST"; MIN_VALUE if it is not that. */
    static long goTimeNanos(String text) {
        String[] parts = text.strip().split(" ");
        if (parts.length < 3) {
            return Long.MIN_VALUE;
        }
        try {
            Instant t = LocalDateTime.parse(parts[0] + "T" + parts[1]).toInstant(ZoneOffset.of(parts[2]));
            return LogEntry.toEpochNanos(t);
        } catch (DateTimeException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }
}
