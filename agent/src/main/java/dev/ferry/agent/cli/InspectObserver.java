package dev.ferry.agent.cli;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.FieldMap;
import dev.ferry.pipeline.LabelMap;
import dev.ferry.pipeline.PipelineObserver;
import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * For {@code ferry process --inspect}: prints, per entry and stage, what the stage changed (labels,
 * structured metadata, extracted values, line, timestamp) or that it dropped the entry, in the
 * spirit of {@code promtail --dry-run --inspect}. What stage n changed is the difference between
 * what it received and what the next stage (or the output) received.
 */
final class InspectObserver implements PipelineObserver {
    private record Seen(String path, String stage, Entry snapshot) {}

    private final PrintStream err;
    private final Map<Entry, Seen> last = new IdentityHashMap<>();

    InspectObserver(PrintStream err) {
        this.err = err;
    }

    @Override
    public void entering(String path, String stageName, Entry entry) {
        report(entry);
        last.put(entry, new Seen(path, stageName, entry.copy()));
    }

    @Override
    public void dropped(String path, String stageName, Entry entry, String reason) {
        last.remove(entry);
        err.println("[inspect] stage " + path + " (" + stageName + "): dropped, reason " + reason + ": "
                + quote(entry.line()));
    }

    @Override
    public void output(Entry entry) {
        report(entry);
        last.remove(entry);
    }

    private void report(Entry now) {
        Seen before = last.get(now);
        if (before == null) {
            return;
        }
        StringBuilder changes = new StringBuilder();
        Entry was = before.snapshot();
        diff(changes, "label", was.labels(), now.labels());
        diff(changes, "metadata", was.metadata(), now.metadata());
        diff(changes, "extracted", was.extracted(), now.extracted());
        if (was.timestamp() != now.timestamp()) {
            changes.append("\n    timestamp ")
                    .append(dev.ferry.agent.sink.EntryJson.timestamp(
                            java.time.Instant.EPOCH.plusNanos(was.timestamp())))
                    .append(" -> ")
                    .append(dev.ferry.agent.sink.EntryJson.timestamp(
                            java.time.Instant.EPOCH.plusNanos(now.timestamp())));
        }
        if (!was.line().equals(now.line())) {
            changes.append("\n    line ")
                    .append(quote(was.line()))
                    .append(" -> ")
                    .append(quote(now.line()));
        }
        err.println("[inspect] stage " + before.path() + " (" + before.stage() + "): "
                + (changes.length() == 0 ? "no change" : "changed" + changes));
    }

    private static void diff(StringBuilder out, String what, LabelMap was, LabelMap now) {
        diff(out, what, was.toMap(), now.toMap());
    }

    private static void diff(StringBuilder out, String what, FieldMap was, FieldMap now) {
        diff(out, what, was.toMap(), now.toMap());
    }

    private static void diff(StringBuilder out, String what, Map<String, String> was, Map<String, String> now) {
        for (Map.Entry<String, String> e : now.entrySet()) {
            String old = was.get(e.getKey());
            if (old == null) {
                out.append("\n    + ")
                        .append(what)
                        .append(' ')
                        .append(e.getKey())
                        .append('=')
                        .append(quote(e.getValue()));
            } else if (!Objects.equals(old, e.getValue())) {
                out.append("\n    ~ ")
                        .append(what)
                        .append(' ')
                        .append(e.getKey())
                        .append('=')
                        .append(quote(old))
                        .append(" -> ")
                        .append(quote(e.getValue()));
            }
        }
        for (String k : was.keySet()) {
            if (!now.containsKey(k)) {
                out.append("\n    - ").append(what).append(' ').append(k);
            }
        }
    }

    private static String quote(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "…" : s;
        return '"' + cut.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
