package dev.ferry.loki.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads entries back from a real Loki through its query API, structured metadata kept apart. */
public final class LokiQuery {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String baseUrl;
    private final HttpClient http = HttpClient.newHttpClient();

    public LokiQuery(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One stored entry: stream labels, time, line and structured metadata. */
    public record Stored(Map<String, String> labels, Instant timestamp, String line, Map<String, String> metadata) {}

    /** Entries matching a LogQL selector between two instants, oldest first. */
    public List<Stored> query(String logql, Instant from, Instant to) throws IOException, InterruptedException {
        String url = baseUrl + "/loki/api/v1/query_range?direction=forward&limit=5000"
                + "&query=" + URLEncoder.encode(logql, StandardCharsets.UTF_8)
                + "&start=" + nanos(from) + "&end=" + nanos(to);
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("X-Loki-Response-Encoding-Flags", "categorize-labels")
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("query failed: " + response.statusCode() + " " + response.body());
        }
        List<Stored> out = new ArrayList<>();
        for (JsonNode stream : JSON.readTree(response.body()).path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            stream.path("stream")
                    .fields()
                    .forEachRemaining(f -> labels.put(f.getKey(), f.getValue().asText()));
            for (JsonNode value : stream.path("values")) {
                long ns = Long.parseLong(value.get(0).asText());
                Map<String, String> md = new LinkedHashMap<>();
                value.path(2)
                        .path("structuredMetadata")
                        .fields()
                        .forEachRemaining(f -> md.put(f.getKey(), f.getValue().asText()));
                out.add(new Stored(
                        labels,
                        Instant.ofEpochSecond(ns / 1_000_000_000L, ns % 1_000_000_000L),
                        value.get(1).asText(),
                        md));
            }
        }
        out.sort(Comparator.comparing(Stored::timestamp));
        return out;
    }

    private static String nanos(Instant t) {
        return String.valueOf(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }
}
