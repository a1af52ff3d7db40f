package dev.ferry.loki;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which entries of a batch Loki refused, and why, when its 400 answer named them: the others it
 * stored. Built from {@link LokiRefusals}; one reason per refused entry, null for a stored one.
 */
final class RefusedEntries {
    private final List<StreamEntries> streams;
    private final RejectReason[][] reasons;
    private final int refused;

    private RefusedEntries(List<StreamEntries> streams, RejectReason[][] reasons, int refused) {
        this.streams = streams;
        this.reasons = reasons;
        this.refused = refused;
    }

    /** The refused entries of {@code batch} according to Loki's answer body; null when it cannot say which. */
    static RefusedEntries of(Batch batch, String body) {
        List<Refusal> refusals = LokiRefusals.parse(body, batch.streams());
        return refusals == null ? null : assign(batch.streams(), refusals);
    }

    /** Ties each refusal to entries: whole streams first, then entries Loki described, then the oldest left. */
    static RefusedEntries assign(List<StreamEntries> streams, List<Refusal> refusals) {
        Map<StreamEntries, Integer> index = new IdentityHashMap<>();
        RejectReason[][] reasons = new RejectReason[streams.size()][];
        for (int s = 0; s < streams.size(); s++) {
            index.put(streams.get(s), s);
            reasons[s] = new RejectReason[streams.get(s).count];
        }
        int refused = 0;
        for (Refusal.Which pass : Refusal.Which.values()) {
            for (Refusal r : refusals) {
                if (r.which() != pass) {
                    continue;
                }
                Integer s = index.get(r.stream());
                if (s == null) {
                    return null;
                }
                int marked = mark(r, reasons[s]);
                if (marked < 0) {
                    return null; // Loki counted entries that are not there: we cannot say which it stored
                }
                refused += marked;
            }
        }
        return new RefusedEntries(streams, reasons, refused);
    }

    /** Marks the entries {@code r} refuses; the number marked, or -1 when fewer than Loki counted match. */
    private static int mark(Refusal r, RejectReason[] reasons) {
        StreamEntries stream = r.stream();
        int marked = 0;
        switch (r.which()) {
            case WHOLE_STREAM -> {
                for (int i = 0; i < reasons.length; i++) {
                    if (reasons[i] == null) {
                        reasons[i] = r.reason();
                        marked++;
                    }
                }
                return marked;
            }
            case MATCHING -> {
                for (int i = 0; i < reasons.length && marked < r.count(); i++) {
                    if (reasons[i] == null && r.matches().test(i)) {
                        reasons[i] = r.reason();
                        marked++;
                    }
                }
            }
            case OLDEST -> {
                List<Integer> left = new ArrayList<>();
                for (int i = 0; i < reasons.length; i++) {
                    if (reasons[i] == null) {
                        left.add(i);
                    }
                }
                left.sort(Comparator.comparingLong(stream::epochNanos));
                for (int k = 0; k < left.size() && marked < r.count(); k++) {
                    reasons[left.get(k)] = r.reason();
                    marked++;
                }
            }
        }
        return marked == r.count() ? marked : -1;
    }

    /** Why entry {@code i} of stream {@code s} (in the batch's order) was refused; null if Loki stored it. */
    RejectReason reason(int s, int i) {
        return reasons[s][i];
    }

    int refusedCount() {
        return refused;
    }

    /** Per refused stream, its entries refused by reason, in the batch's order: for one log line. */
    Map<Labels, Map<RejectReason, Integer>> byStream() {
        Map<Labels, Map<RejectReason, Integer>> out = new LinkedHashMap<>();
        for (int s = 0; s < reasons.length; s++) {
            for (RejectReason reason : reasons[s]) {
                if (reason != null) {
                    out.computeIfAbsent(streams.get(s).labels, k -> new EnumMap<>(RejectReason.class))
                            .merge(reason, 1, Integer::sum);
                }
            }
        }
        return out;
    }
}
