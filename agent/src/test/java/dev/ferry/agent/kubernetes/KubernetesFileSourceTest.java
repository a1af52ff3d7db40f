package dev.ferry.agent.kubernetes;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.agent.file.FileTarget;
import dev.ferry.agent.file.FileTargetStatus;
import dev.ferry.agent.file.LineSink;
import dev.ferry.agent.positions.AckToken;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.JoinedToken;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files mode end to end: real files laid out as the kubelet lays out /var/log/pods, pods from
 * fabric8's mock API server, the real tailer and position store.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesFileSourceTest {
    static final String NS = KubernetesLogSourceTest.NS;

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path tmp;

    Path root;
    Path positionsDir;
    SimpleMeterRegistry registry;
    PositionStore store;
    KubernetesFileSource source;
    final Sink sink = new Sink();

    record Received(Map<String, String> labels, long epochNanos, String line, String path) {}

    /** Keeps what it is offered; acknowledges it at once unless told to hold acknowledgements. */
    static final class Sink implements LineSink {
        final List<Received> lines = new CopyOnWriteArrayList<>();
        volatile boolean acknowledge = true;

        @Override
        public boolean offer(FileTarget target, String line, long epochNanos, Object ackToken) {
            lines.add(new Received(target.labels().toMap(), epochNanos, line, target.path()));
            if (acknowledge) {
                JoinedToken.settle(ackToken, PushOutcome.SENT, AckToken.LISTENER);
            }
            return true;
        }

        List<String> texts() {
            return lines.stream().map(Received::line).toList();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("var/log/pods"));
        positionsDir = tmp.resolve("positions");
        openStore();
    }

    void openStore() {
        registry = new SimpleMeterRegistry();
        store = PositionStore.open(new PositionStore.Config(positionsDir, null, null), Clock.systemUTC(), registry);
    }

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.close();
        }
        store.close();
    }

    void start() {
        KubernetesSourceConfig config = KubernetesSourceConfig.of("pods", null, KubernetesLogSourceTest.USER_RULES);
        source = new KubernetesFileSource(
                client, config, root, sink, store, registry, Clock.systemUTC(), Duration.ofMillis(100));
        source.start();
    }

    static Pod pod(String name, int restarts) {
        return KubernetesLogSourceTest.pod(name, "node-a", "containerd://" + name, restarts, Map.of("app", "api"));
    }

    /** A pod the scheduler placed but whose container the kubelet has not created yet. */
    static Pod pending(String name) {
        return new PodBuilder(pod(name, 0))
                .editStatus()
                .withPhase("Pending")
                .withContainerStatuses(List.of())
                .endStatus()
                .build();
    }

    String create(Pod p) {
        return client.pods().inNamespace(NS).resource(p).create().getMetadata().getUid();
    }

    void replace(Pod p) {
        client.pods().inNamespace(NS).withName(p.getMetadata().getName()).edit(old -> p);
    }

    Path logFile(String pod, String uid, int restart) throws IOException {
        return Files.createDirectories(root.resolve(NS + "_" + pod + "_" + uid).resolve("app"))
                .resolve(restart + ".log");
    }

    static String ts(int second) {
        return "2026-01-27T12:00:0" + second + ".123456789Z";
    }

    static long nanos(int second) {
        Instant i = Instant.parse(ts(second));
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    static String cri(int second, String stream, String flag, String text) {
        return ts(second) + " " + stream + " " + flag + " " + text + "\n";
    }

    static void append(Path file, String text) throws IOException {
        Files.write(file, text.getBytes(UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static Map<String, String> labels(String pod) {
        return Map.of("namespace", NS, "pod", pod, "container", "app", "app", "api", "service_name", NS + "/api");
    }

    void awaitTexts(String... texts) {
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= texts.length);
        await().during(300, TimeUnit.MILLISECONDS).atMost(3, TimeUnit.SECONDS).until(() -> true);
        assertThat(sink.texts()).containsExactly(texts);
    }

    double gauge(String name) {
        return registry.get(name).tag("source", "pods").gauge().value();
    }

    @Test
    void linesArriveWithThePodsLabelsAndCriTimestampsPartialLinesJoined() throws IOException {
        String uid = create(pod("api-1", 0));
        Path log = logFile("api-1", uid, 0);
        append(
                log,
                cri(1, "stdout", "F", "hello")
                        + cri(2, "stderr", "F", "warning on stderr")
                        + cri(3, "stdout", "P", "part one, ")
                        + cri(3, "stderr", "F", "error between the parts")
                        + cri(4, "stdout", "P", "part two, ")
                        + cri(5, "stdout", "F", "part three"));

        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= 4);
        append(log, cri(6, "stdout", "F", "appended while reading"));

        awaitTexts(
                "hello",
                "warning on stderr",
                "error between the parts",
                "part one, part two, part three",
                "appended while reading");
        assertThat(sink.lines)
                .extracting(Received::epochNanos)
                .containsExactly(nanos(1), nanos(2), nanos(3), nanos(5), nanos(6));
        assertThat(sink.lines).allSatisfy(r -> assertThat(r.labels()).isEqualTo(labels("api-1")));
        long size = Files.size(log);
        await().atMost(5, TimeUnit.SECONDS)
                .until(() ->
                        source.status().size() == 1 && source.status().get(0).committedOffset() == size);
        FileTargetStatus status = source.status().get(0);
        assertThat(status.path()).isEqualTo(log.toRealPath().toString());
        assertThat(gauge("ferry.kubernetes.containers.followed")).isEqualTo(1);
        assertThat(source.apiStatus().state()).isEqualTo(KubernetesApiStatus.State.REACHABLE);
    }

    @Test
    void aFileWhosePodIsNotDiscoveredWaitsAndIsReadOnceThePodAppears() throws IOException {
        // the informer sees the pending pod but it has no container yet: nothing labels the file
        String uid = create(pending("api-1"));
        append(logFile("api-1", uid, 0), cri(1, "stdout", "F", "written early"));

        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> gauge("ferry.file.files.waiting") == 1);
        await().during(500, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(sink.lines::isEmpty);
        assertThat(source.status()).isEmpty();

        replace(pod("api-1", 0)); // the container runs: its target appears
        awaitTexts("written early");
        assertThat(sink.lines.get(0).labels()).isEqualTo(labels("api-1"));
        assertThat(sink.lines.get(0).epochNanos()).isEqualTo(nanos(1));
        await().atMost(5, TimeUnit.SECONDS).until(() -> gauge("ferry.file.files.waiting") == 0);
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheLogRootIsNeverRead() throws IOException {
        String uid1 = create(pod("api-1", 0));
        String uid2 = create(pod("api-2", 0));
        Path secret = Files.writeString(tmp.resolve("secret.log"), cri(1, "stdout", "F", "host secret"));
        Files.createSymbolicLink(logFile("api-1", uid1, 0), secret);
        append(logFile("api-2", uid2, 0), cri(2, "stdout", "F", "from api-2"));

        start();
        awaitTexts("from api-2");
        assertThat(registry.get("ferry.file.files.refused").counter().count()).isEqualTo(1);
        assertThat(source.status()).extracting(FileTargetStatus::path).noneMatch(p -> p.contains("api-1"));
    }

    @Test
    void aRestartedContainerContinuesInItsNextFileAndTheEarlierOneIsClosed() throws IOException {
        Pod p = pod("api-1", 0);
        String uid = create(p);
        Path first = logFile("api-1", uid, 0);
        append(first, cri(1, "stdout", "F", "one") + cri(2, "stdout", "F", "two"));
        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 2);

        append(first, cri(3, "stderr", "F", "three: last words before the crash"));
        append(logFile("api-1", uid, 1), cri(4, "stdout", "F", "four: after the restart"));
        replace(KubernetesLogSourceTest.restarted(p, "containerd://api-1-b", "2026-01-27T12:00:03Z"));

        awaitTexts("one", "two", "three: last words before the crash", "four: after the restart");
        assertThat(sink.lines).allSatisfy(r -> assertThat(r.labels()).isEqualTo(labels("api-1")));
        assertThat(sink.lines.get(3).path()).endsWith("/1.log");
        await().atMost(10, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThat(source.status())
                        .extracting(FileTargetStatus::path)
                        .singleElement()
                        .satisfies(path -> assertThat(path).endsWith("/1.log")));
    }

    @Test
    void aRestartedSourceResumesFromItsPositionsAndReadsUnacknowledgedLinesAgain() throws IOException {
        String uid = create(pod("api-1", 0));
        Path log = logFile("api-1", uid, 0);
        append(log, cri(1, "stdout", "F", "one") + cri(2, "stdout", "F", "two"));
        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 2);

        sink.acknowledge = false; // Loki has not confirmed anything after "two"
        append(log, cri(3, "stdout", "F", "three") + cri(4, "stdout", "P", "fi"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 3);
        store.sync();
        source.close();
        source = null;
        store.close();

        append(log, cri(5, "stdout", "F", "ve"));
        sink.lines.clear();
        sink.acknowledge = true;
        openStore();
        start();
        awaitTexts("three", "five");
        assertThat(sink.lines.get(1).epochNanos()).isEqualTo(nanos(5));
    }

    @Test
    void aGonePodsFileIsReadToItsEndThenLeft() throws IOException {
        String uid = create(pod("api-1", 0));
        Path log = logFile("api-1", uid, 0);
        append(log, cri(1, "stdout", "F", "one"));
        start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 1);

        append(log, cri(2, "stdout", "F", "last words") + cri(3, "stdout", "P", "cut off by the end"));
        client.pods().inNamespace(NS).withName("api-1").delete();
        await().atMost(10, TimeUnit.SECONDS).until(() -> source.status().isEmpty());
        assertThat(sink.texts()).containsExactly("one", "last words", "cut off by the end");

        append(log, cri(4, "stdout", "F", "written after the pod was gone"));
        await().during(500, TimeUnit.MILLISECONDS)
                .atMost(2, TimeUnit.SECONDS)
                .until(() -> source.status().isEmpty());
        assertThat(sink.texts()).containsExactly("one", "last words", "cut off by the end");
    }
}
