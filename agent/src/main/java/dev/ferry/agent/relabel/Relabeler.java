package dev.ferry.agent.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.ferry.loki.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a list of relabel rules to a target's labels with Prometheus's semantics (which Alloy's
 * {@code discovery.relabel} uses), then turns what is left into Loki labels: names starting with
 * {@code __} are removed, as are empty values. Rules are compiled once; runs per discovered target,
 * not per line.
 */
public final class Relabeler {
    private final List<Compiled> rules;

    private record Compiled(RelabelRule rule, Pattern regex, Map<String, Integer> namedGroups) {}

    public Relabeler(List<RelabelRule> rules) {
        List<Compiled> compiled = new ArrayList<>(rules.size());
        for (RelabelRule r : rules) {
            Pattern p = r.compiledRegex();
            compiled.add(new Compiled(r, p, p.namedGroups()));
        }
        this.rules = List.copyOf(compiled);
    }

    /**
     * The labels after every rule, or null when a {@code keep}/{@code drop} rule dropped the target.
     * The input is not changed.
     */
    public Map<String, String> apply(Map<String, String> input) {
        Map<String, String> labels = new HashMap<>(input);
        for (Compiled c : rules) {
            if (!apply(c, labels)) {
                return null;
            }
        }
        return labels;
    }

    /** The rules' result as Loki labels, or null when the target was dropped. */
    public Labels toLokiLabels(Map<String, String> input) {
        Map<String, String> out = apply(input);
        return out == null ? null : finalLabels(out);
    }

    /** What becomes a stream's labels: no {@code __} names, no empty values, only names Loki accepts. */
    public static Labels finalLabels(Map<String, String> labels) {
        TreeMap<String, String> kept = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String name = e.getKey();
            String value = e.getValue();
            if (!name.startsWith("__") && value != null && !value.isEmpty() && Labels.isValidName(name)) {
                kept.put(name, value);
            }
        }
        return Labels.of(kept);
    }

    private static boolean apply(Compiled c, Map<String, String> labels) {
        RelabelRule r = c.rule();
        String val = joinSources(r, labels);
        switch (r.action()) {
            case DROP -> {
                return !c.regex().matches(val);
            }
            case KEEP -> {
                return c.regex().matches(val);
            }
            case DROPEQUAL -> {
                return !val.equals(labels.getOrDefault(r.targetLabel(), ""));
            }
            case KEEPEQUAL -> {
                return val.equals(labels.getOrDefault(r.targetLabel(), ""));
            }
            case REPLACE -> replace(c, val, labels);
            case LOWERCASE -> set(labels, r.targetLabel(), val.toLowerCase(Locale.ROOT));
            case UPPERCASE -> set(labels, r.targetLabel(), val.toUpperCase(Locale.ROOT));
            case HASHMOD -> set(labels, r.targetLabel(), Long.toUnsignedString(hashMod(val, r.modulus())));
            case LABELMAP -> {
                for (Map.Entry<String, String> e : new ArrayList<>(labels.entrySet())) {
                    Matcher m = c.regex().matcher(e.getKey());
                    if (m.find()) {
                        set(labels, TemplateExpansion.expand(r.replacement(), m, c.namedGroups()), e.getValue());
                    }
                }
            }
            case LABELDROP -> labels.keySet().removeIf(name -> c.regex().matches(name));
            case LABELKEEP -> labels.keySet().removeIf(name -> !c.regex().matches(name));
        }
        return true;
    }

    private static void replace(Compiled c, String val, Map<String, String> labels) {
        RelabelRule r = c.rule();
        Matcher m = c.regex().matcher(val);
        if (!m.find()) {
            return; // no match: Prometheus leaves the labels as they are
        }
        String target = TemplateExpansion.expand(r.targetLabel(), m, c.namedGroups());
        if (!Labels.isValidName(target)) {
            return;
        }
        set(labels, target, TemplateExpansion.expand(r.replacement(), m, c.namedGroups()));
    }

    /** Setting an empty value deletes the label, as in Prometheus's label builder. */
    private static void set(Map<String, String> labels, String name, String value) {
        if (value.isEmpty()) {
            labels.remove(name);
        } else {
            labels.put(name, value);
        }
    }

    private static String joinSources(RelabelRule r, Map<String, String> labels) {
        List<String> sources = r.sourceLabels();
        if (sources.isEmpty()) {
            return "";
        }
        if (sources.size() == 1) {
            return labels.getOrDefault(sources.get(0), "");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            if (i > 0) {
                sb.append(r.separator());
            }
            sb.append(labels.getOrDefault(sources.get(i), ""));
        }
        return sb.toString();
    }

    /** Prometheus's hashmod: the last 8 bytes of the MD5 of the value, big-endian, modulo. */
    static long hashMod(String val, long modulus) {
        byte[] md5;
        try {
            md5 = MessageDigest.getInstance("MD5").digest(val.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java runtime", e);
        }
        long h = 0;
        for (int i = 8; i < 16; i++) {
            h = (h << 8) | (md5[i] & 0xff);
        }
        return Long.remainderUnsigned(h, modulus);
    }
}
