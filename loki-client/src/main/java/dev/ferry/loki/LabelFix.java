package dev.ferry.loki;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * How a label set that breaks Loki's {@link LabelLimits} is changed into one Loki takes, so the
 * line is kept rather than refused: a label whose name is too long is dropped; a label whose value
 * is too long moves to the entry's structured metadata under the same name; past the label count,
 * the first labels in Loki's order (sorted by name) stay and the rest move to structured metadata.
 * A moved value is cut, at a character boundary and with a marker, so that the entry's structured
 * metadata stays within max_structured_metadata_size; a name the entry's metadata already has keeps
 * the entry's value. Computed once per label set; {@link #apply} then costs one metadata copy per entry.
 */
final class LabelFix {
    /** What was wrong with a label, as a metric tag. */
    enum Reason {
        VALUE_TOO_LONG("value_too_long"),
        NAME_TOO_LONG("name_too_long"),
        TOO_MANY_LABELS("too_many_labels");

        final String tag;

        Reason(String tag) {
            this.tag = tag;
        }
    }

    final LabelLimits limits;
    /** The labels sent to Loki. */
    final Labels fixed;

    private final String[] movedNames;
    private final String[] movedValues;
    private final int[] counts = new int[Reason.values().length];
    private final String description;

    private LabelFix(LabelLimits limits, Labels fixed, List<String> moved, String description, int[] counts) {
        this.limits = limits;
        this.fixed = fixed;
        this.movedNames = new String[moved.size() / 2];
        this.movedValues = new String[moved.size() / 2];
        for (int i = 0; i < movedNames.length; i++) {
            movedNames[i] = moved.get(2 * i);
            movedValues[i] = moved.get(2 * i + 1);
        }
        System.arraycopy(counts, 0, this.counts, 0, counts.length);
        this.description = description;
    }

    /** The fix of {@code labels} for {@code limits}: computed on first use, then remembered on the set. */
    static LabelFix of(Labels labels, LabelLimits limits) {
        LabelFix f = labels.labelFix;
        if (f == null || !f.limits.equals(limits)) {
            f = compute(labels, limits);
            labels.labelFix = f;
        }
        return f;
    }

    private static LabelFix compute(Labels labels, LabelLimits limits) {
        int[] counts = new int[Reason.values().length];
        List<String> moved = new ArrayList<>();
        StringBuilder what = new StringBuilder();
        TreeMap<String, String> kept = new TreeMap<>();
        String firstMovedName = null;
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            String value = labels.value(i);
            if (limits.maxNameLength() > 0 && name.length() > limits.maxNameLength()) {
                counts[Reason.NAME_TOO_LONG.ordinal()]++;
                note(
                        what,
                        "dropped label " + shorten(name) + " (name of " + name.length()
                                + " bytes over max_label_name_length " + limits.maxNameLength() + ")");
            } else if (limits.maxValueLength() > 0 && Utf8.length(value) > limits.maxValueLength()) {
                counts[Reason.VALUE_TOO_LONG.ordinal()]++;
                moved.add(name);
                moved.add(value);
                firstMovedName = firstMovedName == null ? name : firstMovedName;
                note(
                        what,
                        "moved label " + name + " to structured metadata (value of " + Utf8.length(value)
                                + " bytes over max_label_value_length " + limits.maxValueLength() + ")");
            } else {
                kept.put(name, value);
            }
        }
        if (limits.maxLabelNames() > 0 && kept.size() > limits.maxLabelNames()) {
            List<String> over = new ArrayList<>(
                    kept.tailMap(nthKey(kept, limits.maxLabelNames()), true).keySet());
            for (String name : over) {
                moved.add(name);
                moved.add(kept.remove(name));
                counts[Reason.TOO_MANY_LABELS.ordinal()]++;
            }
            note(
                    what,
                    "moved labels " + over + " to structured metadata (" + (kept.size() + over.size())
                            + " labels over max_label_names_per_series " + limits.maxLabelNames() + ")");
        }
        if (kept.isEmpty() && firstMovedName != null) {
            // Loki refuses a stream without labels: keep the first moved one as a label, cut to the limit
            int at = moved.indexOf(firstMovedName);
            String value = LineTruncation.truncate(moved.get(at + 1), limits.maxValueLength());
            kept.put(firstMovedName, value);
            moved.remove(at + 1);
            moved.remove(at);
            note(
                    what,
                    "kept label " + firstMovedName + " cut to " + limits.maxValueLength()
                            + " bytes, as the stream would have no label left");
        }
        return new LabelFix(limits, Labels.of(kept), moved, what.toString(), counts);
    }

    private static String nthKey(TreeMap<String, String> map, int n) {
        int i = 0;
        for (String k : map.keySet()) {
            if (i++ == n) {
                return k;
            }
        }
        throw new IllegalArgumentException("fewer than " + (n + 1) + " keys");
    }

    private static void note(StringBuilder what, String text) {
        if (!what.isEmpty()) {
            what.append("; ");
        }
        what.append(text);
    }

    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "…";
    }

    /** {@code entry} with the moved labels added to its structured metadata, within the metadata size limit. */
    LogEntry apply(LogEntry entry) {
        if (movedNames.length == 0) {
            return entry;
        }
        StructuredMetadata md = entry.metadata();
        int n = md.size();
        String[] names = new String[n + movedNames.length];
        String[] values = new String[n + movedNames.length];
        for (int i = 0; i < n; i++) {
            names[i] = md.name(i);
            values[i] = md.value(i);
        }
        long size = md.utf8Size();
        int max = limits.maxStructuredMetadataSize();
        int count = n;
        for (int m = 0; m < movedNames.length; m++) {
            String name = movedNames[m];
            if (has(md, name)) {
                continue; // the entry's own value of that name wins
            }
            String value = movedValues[m];
            long pair = (long) name.length() + Utf8.length(value);
            if (max > 0 && size + pair > max) {
                long room = max - size - name.length();
                if (room <= 0) {
                    continue; // no room left at all: Loki would refuse the entry with it
                }
                value = LineTruncation.truncate(value, (int) room);
                pair = (long) name.length() + Utf8.length(value);
            }
            names[count] = name;
            values[count] = value;
            count++;
            size += pair;
        }
        return entry.withMetadata(StructuredMetadata.of(names, values, count));
    }

    private static boolean has(StructuredMetadata md, String name) {
        for (int i = 0; i < md.size(); i++) {
            if (md.name(i).equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** How many labels of this set had {@code reason}: what one entry adds to the metric. */
    int count(Reason reason) {
        return counts[reason.ordinal()];
    }

    /** What was changed, for a log line. */
    String description() {
        return description;
    }
}
