package dev.ferry.e2e.reliability;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What reached Loki, by sequence number, against what was written ({@code 0 .. written-1}): which
 * sequence numbers are missing, which arrived more than once (and how many extra copies), and any
 * that were never written at all.
 *
 * @param written how many lines were written, numbered from 0
 * @param missing written sequence numbers Loki does not have, ascending
 * @param duplicates sequence number → extra copies Loki holds (stored count minus one), only where above zero
 * @param unexpected sequence numbers Loki holds that were never written, ascending
 */
record DeliveryReport(
        int written, List<Integer> missing, SortedMap<Integer, Integer> duplicates, List<Integer> unexpected) {
    private static final int SHOWN = 20;

    DeliveryReport {
        if (written < 0) {
            throw new IllegalArgumentException("written must not be negative, got " + written);
        }
        missing = List.copyOf(missing);
        duplicates = new TreeMap<>(duplicates);
        unexpected = List.copyOf(unexpected);
        for (int extra : duplicates.values()) {
            if (extra < 1) {
                throw new IllegalArgumentException("a duplicate has at least one extra copy, got " + duplicates);
            }
        }
    }

    /** Compares the sequence numbers Loki returned (one per stored entry, repeats kept) with those written. */
    static DeliveryReport of(int written, Collection<Integer> stored) {
        int[] copies = new int[written];
        TreeMap<Integer, Integer> outside = new TreeMap<>();
        for (int seq : stored) {
            if (seq >= 0 && seq < written) {
                copies[seq]++;
            } else {
                outside.merge(seq, 1, Integer::sum);
            }
        }
        List<Integer> missing = new ArrayList<>();
        TreeMap<Integer, Integer> duplicates = new TreeMap<>();
        for (int seq = 0; seq < written; seq++) {
            if (copies[seq] == 0) {
                missing.add(seq);
            } else if (copies[seq] > 1) {
                duplicates.put(seq, copies[seq] - 1);
            }
        }
        return new DeliveryReport(written, missing, duplicates, new ArrayList<>(outside.keySet()));
    }

    int missingCount() {
        return missing.size();
    }

    /** Extra copies in all: a line stored three times counts two. */
    int duplicateCount() {
        return duplicates.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Extra copies of the sequence numbers in {@code [from, to)}. */
    int duplicatesBetween(int from, int to) {
        return duplicates.subMap(from, to).values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    boolean exactlyOnce() {
        return missing.isEmpty() && duplicates.isEmpty() && unexpected.isEmpty();
    }

    /** One paragraph for an assertion message: the counts, then the first sequence numbers of each kind. */
    String describe() {
        StringBuilder s = new StringBuilder();
        s.append(written)
                .append(" written, ")
                .append(missingCount())
                .append(" missing, ")
                .append(duplicateCount())
                .append(" extra copies of ")
                .append(duplicates.size())
                .append(" lines");
        if (!unexpected.isEmpty()) {
            s.append(", ").append(unexpected.size()).append(" never written");
        }
        if (!missing.isEmpty()) {
            s.append("; missing seqs ").append(ranges(missing));
        }
        if (!duplicates.isEmpty()) {
            s.append("; duplicated seqs ").append(ranges(new ArrayList<>(duplicates.keySet())));
            if (duplicates.values().stream().anyMatch(extra -> extra > 1)) {
                List<String> many = new ArrayList<>();
                for (Map.Entry<Integer, Integer> e : duplicates.entrySet()) {
                    if (e.getValue() > 1 && many.size() < SHOWN) {
                        many.add(e.getKey() + "×" + (e.getValue() + 1));
                    }
                }
                s.append(" (stored more than twice: ")
                        .append(String.join(", ", many))
                        .append(')');
            }
        }
        if (!unexpected.isEmpty()) {
            s.append("; never-written seqs ").append(ranges(unexpected));
        }
        return s.toString();
    }

    /** Ascending numbers as runs, {@code 3-7, 9, 12-13}, at most {@value #SHOWN} runs shown. */
    static String ranges(List<Integer> ascending) {
        List<String> runs = new ArrayList<>();
        int i = 0;
        while (i < ascending.size() && runs.size() < SHOWN) {
            int first = ascending.get(i);
            int last = first;
            while (i + 1 < ascending.size() && ascending.get(i + 1) == last + 1) {
                last = ascending.get(++i);
            }
            runs.add(first == last ? String.valueOf(first) : first + "-" + last);
            i++;
        }
        String shown = String.join(", ", runs);
        return i < ascending.size() ? shown + ", … (" + (ascending.size() - i) + " more)" : shown;
    }
}
