package dev.ferry.e2e.reliability;

import dev.ferry.e2e.FerryProcess;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sums of the agent's Prometheus counters, read from its {@code /metrics} page.
 *
 * <p>INTEGRATOR: the names used by the suite are the README's ({@code ferry_loki_entries_sent_total},
 * {@code ferry_loki_entries_rejected_total{reason}}, {@code ferry_loki_entries_failed_total}, all
 * tagged {@code endpoint}); rename them here if a fix changes them.
 */
final class AgentMetrics {
    static final String SENT = "ferry_loki_entries_sent_total";
    static final String REJECTED = "ferry_loki_entries_rejected_total";
    static final String FAILED = "ferry_loki_entries_failed_total";

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String text;

    private AgentMetrics(String text) {
        this.text = text;
    }

    /** The agent's metrics now, or an empty page while it does not answer. */
    static AgentMetrics of(FerryProcess ferry) {
        HttpResponse<String> r = ferry.get("/metrics");
        return new AgentMetrics(r != null && r.statusCode() == 200 ? r.body() : "");
    }

    static AgentMetrics parse(String text) {
        return new AgentMetrics(text);
    }

    /** The sum of every sample of {@code name} whose labels include {@code labels}; 0 when there is none. */
    double sum(String name, Map<String, String> labels) {
        double total = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new java.util.HashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    found.put(l.group(1), l.group(2));
                }
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                total += Double.parseDouble(m.group(4));
            }
        }
        return total;
    }

    long count(String name) {
        return Math.round(sum(name, Map.of()));
    }

    long count(String name, String endpoint) {
        return Math.round(sum(name, Map.of("endpoint", endpoint)));
    }
}
