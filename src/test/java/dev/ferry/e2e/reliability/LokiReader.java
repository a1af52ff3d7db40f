package dev.ferry.e2e.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads everything a selector matches back from a real Loki with {@code query_range}, page by page
 * (oldest first), so a run of any size is counted whole. Loki itself stores an entry pushed twice
 * with the same stream, timestamp and line only once, so every entry it returns is one the user sees.
 */
final class LokiReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Entries per request; Loki's test config allows up to 100,000. */
    private static final int PAGE = 5000;

    private final String baseUrl;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    LokiReader(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One stored entry: its stream's labels, time in epoch nanoseconds, line and structured metadata. */
    record Stored(Map<String, String> labels, long nanos, String line, Map<String, String> metadata) {}

    /** Every entry the LogQL selector matches in {@code [from, to)}, oldest first. */
    List<Stored> all(String selector, Instant from, Instant to) throws IOException, InterruptedException {
        List<Stored> out = new ArrayList<>();
        long start = nanos(from);
        long end = nanos(to);
        // the page boundary repeats the entries at the last page's final timestamp: skip those already read
        Set<Stored> atStart = new HashSet<>();
        while (true) {
            List<Stored> page = page(selector, start, end);
            long last = start;
            Set<Stored> atLast = new HashSet<>();
            for (Stored e : page) {
                if (e.nanos() == start && atStart.contains(e)) {
                    continue;
                }
                out.add(e);
                if (e.nanos() > last) {
                    last = e.nanos();
                    atLast.clear();
                }
                if (e.nanos() == last) {
                    atLast.add(e);
                }
            }
            if (page.size() < PAGE) {
                return out;
            }
            if (last == start) {
                throw new IOException("more than " + PAGE + " entries share the timestamp " + start + "; cannot page");
            }
            start = last;
            atStart = atLast;
        }
    }

    private List<Stored> page(String selector, long start, long end) throws IOException, InterruptedException {
        String url = baseUrl + "/loki/api/v1/query_range?direction=forward&limit=" + PAGE
                + "&query=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
                + "&start=" + start + "&end=" + end;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("X-Loki-Response-Encoding-Flags", "categorize-labels")
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "loki query " + selector + " failed: " + response.statusCode() + " " + response.body());
        }
        List<Stored> out = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(response.body()).path("data").path("result")) {
            Map<String, String> labels = strings(stream.path("stream"));
            for (JsonNode value : stream.path("values")) {
                out.add(new Stored(
                        labels,
                        Long.parseLong(value.get(0).asText()),
                        value.get(1).asText(),
                        strings(value.path(2).path("structuredMetadata"))));
            }
        }
        out.sort(java.util.Comparator.comparingLong(Stored::nanos));
        return out;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.properties().forEach(f -> map.put(f.getKey(), f.getValue().asText()));
        return map;
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
