package dev.ferry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.agent.cli.FerryCommand;
import dev.ferry.loki.testing.FakeLoki;
import dev.ferry.loki.testing.FakeLoki.ReceivedEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ported config means the same: the user's Alloy pipeline and a Plex-like one, written once for
 * Promtail 3.4.6 (whose stages Alloy's loki.process is built from) and once for Ferry, run over the
 * same lines; every entry must come out with the same labels, line, structured metadata and
 * timestamp.
 *
 * <p>Promtail pushes to a {@link FakeLoki} instead of printing with {@code --dry-run}: the dry-run
 * printer goes through a tab writer that rewrites tabs inside multi-line entries and drops the tab
 * after a cell whose width is a multiple of 8 (a timestamp such as {@code 2026-01-27T12:40:00-0500}),
 * so its output cannot be parsed back exactly; the push carries the entries exactly, with their
 * structured metadata. The push groups entries by stream, so the outputs are compared stream by
 * stream, in order within each stream (what Loki keeps).
 *
 * <p>Timestamps: lines without a timestamp stage get their read time. Ferry runs with a fixed
 * {@code --timestamp}, Promtail with its clock; an entry whose Ferry time is that fixed read time
 * must have a Promtail time inside the Promtail run, every other time must be equal.
 */
class PromtailConformanceTest {
    private static final String PROMTAIL = "promtail-3.4.6-linux-amd64.gz";
    private static final Path CONFORMANCE = FerryProcess.root().resolve("src/test/resources/conformance");
    private static final String FERRY_READ_TIME = "2000-01-01T00:00:00Z";
    private static final String READ_TIME = "<read time>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path promtailGz;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPromtail() {
        Optional<Path> shared = findShared();
        assumeTrue(
                shared.isPresent(),
                "no " + PROMTAIL + " in ../shared/loki (or $FERRY_SHARED_LOKI): skipping the Promtail conformance"
                        + " checks");
        promtailGz = shared.get().resolve(PROMTAIL);
    }

    @Test
    void theUsersDefaultPipelineMeansTheSameInFerry() throws Exception {
        // An indented line before any first line: both start an entry with it.
        String input = "    an orphan continuation before any first line\n"
                + Files.readString(FerryProcess.root().resolve("examples/logs/api/api.log"))
                + Files.readString(CONFORMANCE.resolve("default-extra.log"));

        Map<String, List<Seen>> promtail = promtail("promtail-default.yaml", input);
        Map<String, List<Seen>> ferry = ferry("default", "{\"namespace\":\"demo\",\"app\":\"api\"}", input);

        assertThat(ferry).isEqualTo(promtail);
        // the comparison is only as good as what went in: make sure the tricky cases were there
        // non-JSON lines get level="<no value>": Alloy's template renders a missing value that way
        assertThat(promtail)
                .containsKeys(
                        "app=api,level=<no value>,namespace=demo",
                        "app=api,level=info,namespace=demo",
                        "app=api,level=30.5,namespace=demo",
                        "app=api,level=true,namespace=demo",
                        "app=api,level={\"name\":\"info\",\"value\":30},namespace=demo");
        List<Seen> plain = promtail.get("app=api,level=<no value>,namespace=demo");
        assertThat(plain)
                .extracting(Seen::line)
                .contains(
                        "    an orphan continuation before any first line",
                        "TypeError: Cannot read properties of undefined (reading 'id')\n"
                                + "    at handler (/app/src/routes/user.js:42:17)\n"
                                + "    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)\n"
                                + "    at next (/app/node_modules/express/lib/router/route.js:149:13)",
                        "plain text with a trailing space \n\tat a tab-indented continuation\twith a tab inside")
                .noneMatch(l -> l.contains("GET /health/") || l.contains("GET /api/health/"));
        assertThat(promtail.values().stream().mapToInt(List::size).sum()).isEqualTo(30);
    }

    @Test
    void aPlexLikePipelineMeansTheSameInFerry() throws Exception {
        // Both read Plex's times in America/New_York; Promtail needs the system's zone database for that.
        assumeTrue(
                Files.isRegularFile(Path.of("/usr/share/zoneinfo/America/New_York")),
                "no /usr/share/zoneinfo: Promtail cannot load America/New_York here");
        String input = Files.readString(FerryProcess.root().resolve("examples/logs/plex/Plex Media Server.log"))
                + Files.readString(CONFORMANCE.resolve("plex-extra.log"));

        Map<String, List<Seen>> promtail = promtail("promtail-plex.yaml", input);
        Map<String, List<Seen>> ferry = ferry("plex", "{\"namespace\":\"plex\",\"app\":\"plex\"}", input);

        assertThat(ferry).isEqualTo(promtail);
        assertThat(promtail.get("app=plex,level=warn,namespace=plex"))
                .contains(new Seen("- dash in message\twith a tab - again", Map.of(), "2026-01-27T17:40:06.006Z"));
        assertThat(promtail.get("app=plex,level=info,namespace=plex"))
                .contains(
                        new Seen("nonexistent local time (DST gap)", Map.of(), "2026-03-08T06:30:00Z"),
                        new Seen("ambiguous local time (DST overlap)", Map.of(), "2026-11-01T05:30:00Z"),
                        new Seen("impossible date", Map.of(), READ_TIME));
        assertThat(promtail.get("app=plex,level=error,namespace=plex"))
                .contains(new Seen("", Map.of(), "2026-01-27T17:40:02.002Z"));
        assertThat(promtail.get("app=plex,namespace=plex"))
                .extracting(Seen::line)
                .containsExactly(
                        "this line does not match the Plex layout and passes through unchanged",
                        "Jan 27, 2026 12:40:04.004 [0x1] info - lower-case level does not match",
                        "Jan 27, 2026 12:40:05.005 [0xZZ] INFO - bad hex tid",
                        "   indented line");
    }

    /** One entry as both sides are compared: its line, structured metadata and time (or READ_TIME). */
    record Seen(String line, Map<String, String> metadata, String time) {}

    private Map<String, List<Seen>> promtail(String config, String input) throws IOException, InterruptedException {
        Path binary = dir.resolve("promtail");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(promtailGz))) {
            Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(binary.toFile().setExecutable(true)).isTrue();
        Path stdin = Files.writeString(dir.resolve("input.log"), input);
        Path out = dir.resolve("promtail.out");
        try (FakeLoki loki = FakeLoki.start()) {
            ProcessBuilder pb = new ProcessBuilder(
                            binary.toString(),
                            "-config.file=" + CONFORMANCE.resolve(config),
                            "-config.expand-env=true",
                            "--stdin")
                    .directory(dir.toFile())
                    .redirectInput(stdin.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().put("PROMTAIL_PUSH_URL", loki.pushUrl());
            pb.environment()
                    .put("PROMTAIL_POSITIONS", dir.resolve("positions.yaml").toString());
            Instant started = Instant.now();
            Process p = pb.start();
            boolean exited = p.waitFor(60, TimeUnit.SECONDS);
            Instant ended = Instant.now();
            if (!exited) {
                p.destroyForcibly();
            }
            assertThat(exited).as("promtail exits at the end of its input").isTrue();
            assertThat(p.exitValue())
                    .as("promtail's exit code; its output:\n%s", Files.readString(out))
                    .isZero();
            // Promtail pushes everything before it exits at the end of standard input
            Map<String, List<Seen>> streams = new TreeMap<>();
            for (ReceivedEntry e : loki.acceptedEntries()) {
                String time = e.timestamp().isBefore(started) || e.timestamp().isAfter(ended)
                        ? e.timestamp().toString()
                        : READ_TIME;
                streams.computeIfAbsent(streamKey(parseLabels(e.labels())), k -> new ArrayList<>())
                        .add(new Seen(e.line(), normalized(e.metadata()), time));
            }
            return streams;
        }
    }

    private static Map<String, List<Seen>> ferry(String pipeline, String labels, String input) throws IOException {
        // Promtail's standard-input reader drops empty lines before its pipeline sees them (it trims
        // "\r\n" and skips ""), so Ferry gets the same lines; what a pipeline does with an empty line
        // cannot be learnt from `promtail --stdin`.
        StringBuilder lines = new StringBuilder();
        for (String line : input.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.append(line).append('\n');
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FerryCommand.commandLine(
                        new ByteArrayInputStream(lines.toString().getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(
                        "process",
                        "--config",
                        CONFORMANCE.resolve("ferry.yaml").toString(),
                        "--pipeline",
                        pipeline,
                        "--labels",
                        labels,
                        "--timestamp",
                        FERRY_READ_TIME);
        assertThat(exit)
                .as("ferry process: %s", err.toString(StandardCharsets.UTF_8))
                .isZero();
        Map<String, List<Seen>> streams = new TreeMap<>();
        for (String json : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (json.isEmpty()) {
                continue;
            }
            JsonNode entry = JSON.readTree(json);
            Map<String, String> entryLabels = new LinkedHashMap<>();
            entry.path("labels")
                    .properties()
                    .forEach(f -> entryLabels.put(f.getKey(), f.getValue().asText()));
            Map<String, String> metadata = new LinkedHashMap<>();
            entry.path("structured_metadata")
                    .properties()
                    .forEach(f -> metadata.put(f.getKey(), f.getValue().asText()));
            Instant time = Instant.parse(entry.path("timestamp").asText());
            streams.computeIfAbsent(streamKey(entryLabels), k -> new ArrayList<>())
                    .add(new Seen(
                            entry.path("line").asText(),
                            normalized(metadata),
                            time.equals(Instant.parse(FERRY_READ_TIME)) ? READ_TIME : time.toString()));
        }
        return streams;
    }

    /** The labels as {@code a=1,b=2} (sorted), with JSON-object values normalized. */
    private static String streamKey(Map<String, String> labels) {
        StringBuilder key = new StringBuilder();
        new TreeMap<>(labels).forEach((name, value) -> {
            if (!key.isEmpty()) {
                key.append(',');
            }
            key.append(name).append('=').append(normalized(value));
        });
        return key.toString();
    }

    private static Map<String, String> normalized(Map<String, String> values) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> out.put(k, normalized(v)));
        return out;
    }

    /**
     * A JSON object extracted by the json stage, with its keys sorted. Promtail re-encodes an object
     * from a Go map, whose key order changes from run to run ({"value":30,"name":"info"} one run,
     * {"name":"info","value":30} the next); Ferry writes the keys sorted. Only the order may differ.
     */
    private static String normalized(String value) {
        if (!value.startsWith("{")) {
            return value;
        }
        try {
            JsonNode node = JSON.readTree(value);
            return node.isObject() ? sortedKeys(node).toString() : value;
        } catch (IOException notJson) {
            return value;
        }
    }

    private static JsonNode sortedKeys(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            node.properties().forEach(f -> fields.put(f.getKey(), sortedKeys(f.getValue())));
            var sorted = JSON.createObjectNode();
            fields.forEach(sorted::set);
            return sorted;
        }
        if (node.isArray()) {
            var array = JSON.createArrayNode();
            node.forEach(v -> array.add(sortedKeys(v)));
            return array;
        }
        return node;
    }

    /** Loki's stream selector as Go prints it: {a="1", b="2"}, values quoted as Go's %q does. */
    static Map<String, String> parseLabels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = text.indexOf('{') + 1;
        while (i < text.length() && text.charAt(i) != '}') {
            while (text.charAt(i) == ' ' || text.charAt(i) == ',') {
                i++;
            }
            int eq = text.indexOf('=', i);
            String name = text.substring(i, eq);
            i = eq + 1;
            if (text.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a quoted value at " + i + " in " + text);
            }
            i++;
            StringBuilder value = new StringBuilder();
            while (text.charAt(i) != '"') {
                char c = text.charAt(i++);
                if (c != '\\') {
                    value.append(c);
                    continue;
                }
                char escaped = text.charAt(i++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case '"', '\\', '\'' -> value.append(escaped);
                    case 'x' -> {
                        value.append((char) Integer.parseInt(text.substring(i, i + 2), 16));
                        i += 2;
                    }
                    case 'u' -> {
                        value.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'U' -> {
                        value.appendCodePoint(Integer.parseInt(text.substring(i, i + 8), 16));
                        i += 8;
                    }
                    default -> throw new IllegalArgumentException("unexpected escape \\" + escaped + " in " + text);
                }
            }
            i++;
            labels.put(name, value.toString());
        }
        return labels;
    }

    private static Optional<Path> findShared() {
        String override = System.getenv("FERRY_SHARED_LOKI");
        if (override != null && Files.isRegularFile(Path.of(override, PROMTAIL))) {
            return Optional.of(Path.of(override));
        }
        for (Path d = FerryProcess.root(); d != null; d = d.getParent()) {
            Path candidate = d.resolveSibling("shared").resolve("loki");
            if (Files.isRegularFile(candidate.resolve(PROMTAIL))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
