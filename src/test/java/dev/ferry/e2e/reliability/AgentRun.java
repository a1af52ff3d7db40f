package dev.ferry.e2e.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ferry.e2e.FerryProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One scenario: its run id (the {@code run} label of every stream, and in every line), its log and
 * data directories, the agent's environment, every agent process started for it, and what Loki
 * holds for it. Closing it kills any agent still running.
 */
final class AgentRun implements AutoCloseable {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 500;

    final String id;
    final Path dir;
    final Path logs;
    final Path data;
    private final LokiServer loki;
    private final Map<String, String> env = new HashMap<>();
    private final List<FerryProcess> agents = new ArrayList<>();
    private final List<Path> agentDirs = new ArrayList<>();
    private final Instant createdAt = Instant.now();

    private AgentRun(String id, Path dir, LokiServer loki) throws IOException {
        this.id = id;
        this.dir = dir;
        this.logs = Files.createDirectories(dir.resolve("logs"));
        this.data = dir.resolve("data");
        this.loki = loki;
        env.put("RUN_ID", id);
        env.put("LOGS", logs.toString());
        env.put("FERRY_DATA_DIR", data.toString());
        if (loki != null) {
            env.put("LOKI_URL", loki.pushUrl());
        }
    }

    /** A run named after its scenario, with a random suffix; {@code loki} may be null (no Loki at all). */
    static AgentRun create(Path dir, String scenario, LokiServer loki) throws IOException {
        return new AgentRun(
                scenario + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24)), dir, loki);
    }

    /** Creates the empty log file {@code name} in this run's log directory, for a {@link PacedWriter} to fill. */
    PacedWriter.Target newLog(String name, SequencedLine format) throws IOException {
        return new PacedWriter.Target(Files.createFile(logs.resolve(name)), format);
    }

    /** Sets (or with null removes) a variable of the agent's environment for the next starts. */
    AgentRun env(String name, String value) {
        if (value == null) {
            env.remove(name);
        } else {
            env.put(name, value);
        }
        return this;
    }

    Map<String, String> env() {
        return Map.copyOf(env);
    }

    static Path config(String name) {
        return FerryProcess.root().resolve("src/test/resources/reliability").resolve(name);
    }

    /** Prints a step of the scenario with the seconds since the run began, so a slow step shows in the test output. */
    void note(String step) {
        System.out.printf(
                "[reliability %6.1fs] %s: %s%n",
                Duration.between(createdAt, Instant.now()).toMillis() / 1000.0, id, step);
    }

    /** Starts {@code ferry run} with a config of {@code src/test/resources/reliability/}, its output in its own folder. */
    FerryProcess start(String config) throws IOException {
        Path work = Files.createDirectories(dir.resolve("agent-" + (agents.size() + 1)));
        FerryProcess ferry = FerryProcess.start(config(config), work, env);
        agents.add(ferry);
        agentDirs.add(work);
        note("agent " + agents.size() + " started");
        return ferry;
    }

    /** Starts the agent and waits until its {@code /ready} answers 200. */
    FerryProcess startReady(String config) throws IOException, InterruptedException {
        FerryProcess ferry = start(config);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            HttpResponse<String> r = ferry.get("/ready");
            if (r != null && r.statusCode() == 200) {
                note("agent " + agents.size() + " ready");
                return ferry;
            }
            if (!ferry.alive() || System.nanoTime() > deadline) {
                throw new AssertionError("the agent did not become ready: " + ferry.stderr());
            }
            Thread.sleep(100); // polling a child process: there is nothing to await on
        }
    }

    /** Waits until this agent process has had {@code count} entries accepted by Loki (its sent counter). */
    void awaitSent(FerryProcess ferry, long count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (AgentMetrics.of(ferry).count(AgentMetrics.SENT) < count) {
            if (!ferry.alive() || System.nanoTime() > deadline) {
                throw new AssertionError("the agent did not send " + count + " entries" + agentLogs());
            }
            Thread.sleep(50); // polling the agent's metrics: there is nothing to await on
        }
    }

    /** The LogQL selector of this run's streams. */
    String selector() {
        return "{run=\"" + id + "\"}";
    }

    /** Every entry Loki holds for this run, oldest first. */
    List<LokiReader.Stored> stored() throws IOException, InterruptedException {
        if (loki == null) {
            return List.of();
        }
        return new LokiReader(loki.baseUrl()).all(selector(), from(), to());
    }

    private Instant from() {
        return createdAt.minus(Duration.ofMinutes(10));
    }

    /** Far enough ahead to see entries stamped in the future too (Loki refuses those beyond 1 h). */
    private static Instant to() {
        return Instant.now().plus(Duration.ofHours(3));
    }

    /** Loki's entries for this run against {@code written} lines numbered from 0; a stored line without a number counts as -1. */
    DeliveryReport delivered(int written) throws IOException, InterruptedException {
        List<Integer> seqs = new ArrayList<>();
        for (LokiReader.Stored e : stored()) {
            seqs.add(SequencedLine.seqOf(id, e.line()).orElse(-1));
        }
        return DeliveryReport.of(written, seqs);
    }

    /**
     * Polls Loki until it holds the lines numbered {@code seqs} (e.g. the last line of each file
     * written before a start: the agent has caught up with them), asking only for those lines.
     */
    void awaitStored(List<Integer> seqs, Duration atMost) throws IOException, InterruptedException {
        String alternatives =
                String.join("|", seqs.stream().map(String::valueOf).toList());
        String query = selector() + " |~ `seq=(" + alternatives + ") `";
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            java.util.Set<Integer> found = new java.util.HashSet<>();
            for (LokiReader.Stored e : new LokiReader(loki.baseUrl()).all(query, from(), to())) {
                SequencedLine.seqOf(id, e.line()).ifPresent(found::add);
            }
            if (found.containsAll(seqs)) {
                note("Loki holds lines " + seqs);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "Loki does not hold lines " + seqs + " after " + atMost + " (has " + found + ")" + agentLogs());
            }
            Thread.sleep(POLL_MILLIS); // polling Loki: there is nothing to await on
        }
    }

    /**
     * Polls Loki until nothing is missing and the report stayed the same for {@code quiet} (late
     * duplicates would show), or until {@code atMost}: the last report either way, for the caller
     * to assert on with exact sequence numbers.
     */
    DeliveryReport awaitDelivered(int written, Duration atMost, Duration quiet)
            throws IOException, InterruptedException {
        return awaitDelivered(written, atMost, quiet, Integer.MAX_VALUE);
    }

    /**
     * As {@link #awaitDelivered(int, Duration, Duration)}, but returns as soon as there are more than
     * {@code duplicatesAllowed} extra copies: copies never go away, so the outcome is known (and an
     * agent that sends the same lines again and again would make every later read larger).
     */
    DeliveryReport awaitDelivered(int written, Duration atMost, Duration quiet, int duplicatesAllowed)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        DeliveryReport last = null;
        long sameSince = System.nanoTime();
        while (true) {
            DeliveryReport r = delivered(written);
            if (!r.equals(last)) {
                last = r;
                sameSince = System.nanoTime();
            }
            boolean decided = r.duplicateCount() > duplicatesAllowed
                    || (r.missingCount() == 0 && System.nanoTime() - sameSince >= quiet.toNanos());
            if (decided || System.nanoTime() > deadline) {
                note("Loki holds " + (written - r.missingCount() + r.duplicateCount()) + " entries for " + written
                        + " lines" + (decided ? "" : " (gave up waiting after " + atMost + ")"));
                return r;
            }
            Thread.sleep(POLL_MILLIS); // polling Loki: there is nothing to await on
        }
    }

    /** The saved position of every file of {@code positions.yaml} by path; empty when there is no file yet. */
    Map<String, Long> savedPositions() throws IOException {
        Path file = data.resolve("positions.yaml");
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        JsonNode sources = YAML.readTree(file.toFile()).path("sources");
        for (JsonNode targets : sources) {
            for (JsonNode t : targets) {
                String path =
                        t.path("attributes").path("path").asText(t.path("key").asText());
                out.put(path, t.path("position").asLong());
            }
        }
        return out;
    }

    /** The end of each agent's standard error, for failure messages. */
    String agentLogs() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < agents.size(); i++) {
            String err = agents.get(i).stderr();
            s.append("\n--- agent ")
                    .append(i + 1)
                    .append(" (")
                    .append(agentDirs.get(i))
                    .append(")\n");
            s.append(err.length() > 3000 ? "…" + err.substring(err.length() - 3000) : err);
        }
        return s.toString();
    }

    @Override
    public void close() {
        for (FerryProcess ferry : agents) {
            ferry.close();
        }
    }
}
