package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.agent.relabel.RelabelRule;
import dev.ferry.loki.PushOutcome;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesLogSourceTest {
    static final String NS = "tinkerbell-prod";
    static final String T = "2026-01-27T12:00:0"; // + second digit + fraction
    static final List<RelabelRule> USER_RULES = List.of(
            RelabelRule.replace("__host__", "__meta_kubernetes_pod_node_name"),
            RelabelRule.replace("namespace", "__meta_kubernetes_namespace"),
            RelabelRule.replace("pod", "__meta_kubernetes_pod_name"),
            RelabelRule.replace("container", "__meta_kubernetes_pod_container_name"),
            RelabelRule.replace("app", "__meta_kubernetes_pod_label_app"),
            new RelabelRule(
                    List.of("__meta_kubernetes_namespace", "__meta_kubernetes_pod_label_app"),
                    "/",
                    null,
                    0,
                    "service_name",
                    null,
                    null));

    KubernetesMockServer server;
    KubernetesClient client;

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ContainerPositions positions = ContainerPositions.inMemory();
    final RecordingSink sink = new RecordingSink();
    KubernetesLogSource source;
    /** What the fake kubelet answers, per request path; a follow request ends after the body (a clean EOF). */
    final Map<String, String> logs = new ConcurrentHashMap<>();

    record Received(Map<String, String> labels, long epochNanos, String line) {}

    /** Acknowledges every line at once, as a Loki that accepts everything would. */
    static final class RecordingSink implements LogLineSink {
        final List<Received> lines = new CopyOnWriteArrayList<>();
        volatile PushOutcome outcome = PushOutcome.SENT;

        @Override
        public void accept(KubernetesTarget target, long epochNanos, String line, LineAck ack) {
            lines.add(new Received(target.labels().toMap(), epochNanos, line));
            ack.settle(outcome);
        }

        List<String> texts() {
            return lines.stream().map(Received::line).toList();
        }
    }

    @AfterEach
    void close() {
        if (source != null) {
            source.close();
        }
    }

    static String ts(int second, String fraction) {
        return T + second + "." + fraction + "Z";
    }

    static long nanos(int second, String fraction) {
        return KubeletTimestamp.parse(ts(second, fraction));
    }

    static String logPath(String pod, String container, String sinceTime, boolean previous) {
        return "/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?container=" + container
                + (previous ? "" : "&follow=true")
                + (previous ? "&previous=true" : "")
                + (sinceTime == null ? "" : "&sinceTime=" + sinceTime.replace(":", "%3A"))
                + "&timestamps=true";
    }

    static Pod pod(String name, String node, String containerId, int restarts, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .withUid("uid-" + name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("app")
                .withImage("registry/app:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("app")
                .withContainerID(containerId)
                .withRestartCount(restarts)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-01-27T11:00:00Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    static Pod restarted(Pod p, String containerId, String previousFinishedAt) {
        return new PodBuilder(p)
                .editStatus()
                .editFirstContainerStatus()
                .withContainerID(containerId)
                .withRestartCount(p.getStatus().getContainerStatuses().get(0).getRestartCount() + 1)
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(1)
                .withFinishedAt(previousFinishedAt)
                .endTerminated()
                .endLastState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    /** Creates the pod; the mock server gives it its own uid, returned here. */
    String create(Pod p) {
        return client.pods().inNamespace(NS).resource(p).create().getMetadata().getUid();
    }

    void replace(Pod p) {
        client.pods().inNamespace(NS).withName(p.getMetadata().getName()).edit(old -> p);
    }

    void start(String node) {
        KubernetesSourceConfig config = new KubernetesSourceConfig(
                "pods", node, USER_RULES, null, Duration.ofMillis(20), Duration.ofMillis(200));
        source = new KubernetesLogSource(client, config, sink, positions, registry, Clock.systemUTC());
        source.start();
    }

    /** Serves {@code path} with whatever {@link #logs} holds for it at the time of each request. */
    void serveLog(String path, String body) {
        if (logs.put(path, body) == null) {
            server.expect()
                    .get()
                    .withPath(path)
                    .andReply(200, r -> logs.get(path))
                    .always();
        }
    }

    double counter(String name, String tag, String value) {
        var c = registry.find(name).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void followsOnlyThisNodesPodsWithTheUsersLabels() throws Exception {
        // CRUD mode cannot evaluate spec.nodeName, so the node's list is an expectation; it also returns a pod
        // of another node, as a server ignoring the selector would: that pod must not be followed either
        server.expect()
                .get()
                .withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a&resourceVersion=0")
                .andReturn(
                        200,
                        new PodListBuilder()
                                .withNewMetadata()
                                .withResourceVersion("1")
                                .endMetadata()
                                .withItems(
                                        pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api")),
                                        pod("db-1", "node-b", "containerd://b1", 0, Map.of("app", "db")))
                                .build())
                .always();
        serveLog(logPath("api-1", "app", null, false), ts(1, "1") + " hello from api\n");
        serveLog(logPath("db-1", "app", null, false), ts(1, "1") + " hello from db\n");

        start("node-a");

        await().atMost(10, TimeUnit.SECONDS).until(() -> !sink.lines.isEmpty());
        assertThat(source.targets()).extracting(s -> s.target().pod()).containsExactly("api-1");
        assertThat(sink.lines.get(0).labels())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "namespace",
                        NS,
                        "pod",
                        "api-1",
                        "container",
                        "app",
                        "app",
                        "api",
                        "service_name",
                        NS + "/api"));
        assertThat(sink.lines.get(0).epochNanos()).isEqualTo(nanos(1, "1"));
        // the node filter is asked of the API server, not only applied here
        assertThat(requestPaths()).anyMatch(p -> p.contains("fieldSelector=spec.nodeName%3Dnode-a"));
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> true);
        assertThat(sink.texts()).containsExactly("hello from api"); // replays of the same stream are skipped
        assertThat(source.apiStatus().state()).isEqualTo(KubernetesApiStatus.State.REACHABLE);
    }

    @Test
    void streamThatBreaksMidLineResumesFromTheLastLineWithoutLossOrDuplicates() throws Exception {
        create(pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api")));
        serveLog(
                logPath("api-1", "app", null, false),
                ts(1, "1") + " one\n" + ts(1, "2") + " two\n" + ts(2, "3") + " thr");
        // the resumed request starts at the second of the last line handed on, so it repeats "one" and "two"
        serveLog(
                logPath("api-1", "app", ts(1, "2").replaceAll("\\.\\d+", ""), false),
                ts(1, "1") + " one\n" + ts(1, "2") + " two\n" + ts(2, "3") + " three\n" + ts(3, "4") + " four\n");
        serveLog(logPath("api-1", "app", T + "3Z", false), ts(3, "4") + " four\n");

        start(null);

        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= 4);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> true);
        assertThat(sink.texts()).containsExactly("one", "two", "three", "four");
        assertThat(sink.lines)
                .extracting(Received::epochNanos)
                .containsExactly(nanos(1, "1"), nanos(1, "2"), nanos(2, "3"), nanos(3, "4"));
        String key = source.targets().get(0).target().key();
        assertThat(positions.load(key).epochNanos()).isEqualTo(nanos(3, "4"));
        Map<String, ContainerLogPosition> reported = new ConcurrentHashMap<>();
        source.forEachPosition(reported::put);
        assertThat(reported).containsExactly(Map.entry(key, positions.load(key)));
        assertThat(counter("ferry.kubernetes.streams.started", "reason", "resume"))
                .isGreaterThanOrEqualTo(1);
        assertThat(counter("ferry.kubernetes.lines.special", "reason", "replayed"))
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void afterAnAgentRestartResumesAtTheSavedPositionAndSkipsWhatWasSent() throws Exception {
        Pod p = pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api"));
        String key = KubernetesTarget.key(NS, "api-1", create(p), "app");
        // the previous run had "two" acknowledged; "two bis" shares its timestamp and was not sent
        positions.save(key, new ContainerLogPosition(nanos(1, "2"), new long[] {
            LineHash.of("two".getBytes(StandardCharsets.UTF_8))
        }));
        serveLog(
                logPath("api-1", "app", T + "1Z", false),
                ts(1, "1") + " one\n" + ts(1, "2") + " two\n" + ts(1, "2") + " two bis\n" + ts(2, "0") + " three\n");

        start(null);

        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= 2);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> true);
        assertThat(sink.texts()).containsExactly("two bis", "three");
        assertThat(requestPaths()).noneMatch(path -> path.equals(logPath("api-1", "app", null, false)));
    }

    @Test
    void restartedContainerIsFollowedAgainAfterItsPreviousInstanceIsReadToTheEnd() throws Exception {
        Pod p = pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api"));
        create(p);
        serveLog(logPath("api-1", "app", null, false), ts(1, "1") + " one\n");
        serveLog(logPath("api-1", "app", T + "1Z", false), ts(1, "1") + " one\n");

        start(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 1);

        // the first instance wrote "two" and died while the stream was down; the second writes "three"
        serveLog(logPath("api-1", "app", T + "1Z", true), ts(1, "1") + " one\n" + ts(2, "0") + " two\n");
        serveLog(logPath("api-1", "app", T + "2Z", false), ts(2, "0") + " two\n" + ts(5, "0") + " three\n");
        replace(restarted(p, "containerd://a2", "2026-01-27T12:00:03Z"));

        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= 3);
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> true);
        assertThat(sink.texts()).containsExactly("one", "two", "three");
        assertThat(counter("ferry.kubernetes.streams.started", "reason", "previous"))
                .isGreaterThanOrEqualTo(1);
        assertThat(counter("ferry.kubernetes.streams.started", "reason", "restart"))
                .isGreaterThanOrEqualTo(1);
        assertThat(source.targets().get(0).target().containerId()).isEqualTo("containerd://a2");
    }

    @Test
    void labelChangeChangesTheLabelsOfLaterLinesAndDeletedPodStopsItsFollower() throws Exception {
        Pod p = pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api"));
        create(p);
        serveLog(logPath("api-1", "app", null, false), ts(1, "1") + " one\n");
        serveLog(logPath("api-1", "app", T + "1Z", false), ts(1, "1") + " one\n");

        start(null);
        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() == 1);
        assertThat(sink.lines.get(0).labels()).containsEntry("app", "api");

        replace(new PodBuilder(p)
                .editMetadata()
                .withLabels(Map.of("app", "api-v2"))
                .endMetadata()
                .build());
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> "api-v2"
                        .equals(source.targets().get(0).target().labels().get("app")));
        // the container writes a line after the relabel
        serveLog(logPath("api-1", "app", T + "1Z", false), ts(1, "1") + " one\n" + ts(2, "0") + " two\n");

        await().atMost(10, TimeUnit.SECONDS).until(() -> sink.lines.size() >= 2);
        assertThat(sink.lines.get(1).labels())
                .containsEntry("app", "api-v2")
                .containsEntry("service_name", NS + "/api-v2");

        String key = source.targets().get(0).target().key();
        client.pods().inNamespace(NS).withName("api-1").delete();
        await().atMost(10, TimeUnit.SECONDS).until(() -> source.targets().isEmpty());
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> registry.get("ferry.kubernetes.containers.followed")
                                        .gauge()
                                        .value()
                                == 0.0
                        && positions.load(key) == null);
        assertThat(sink.texts()).containsExactly("one", "two");
    }

    @Test
    void failedSendIsReadAgainFromTheLastSettledLine() throws Exception {
        create(pod("api-1", "node-a", "containerd://a1", 0, Map.of("app", "api")));
        List<String> outcomes = new ArrayList<>();
        LogLineSink failingOnce = new LogLineSink() {
            boolean failed;

            @Override
            public void accept(KubernetesTarget target, long epochNanos, String line, LineAck ack) {
                sink.lines.add(new Received(target.labels().toMap(), epochNanos, line));
                boolean fail = line.equals("two") && !failed;
                failed |= fail;
                outcomes.add(line + (fail ? ":FAILED" : ":SENT"));
                ack.settle(fail ? PushOutcome.FAILED : PushOutcome.SENT);
            }
        };
        serveLog(
                logPath("api-1", "app", null, false),
                ts(1, "1") + " one\n" + ts(2, "2") + " two\n" + ts(3, "3") + " three\n");
        serveLog(
                logPath("api-1", "app", T + "1Z", false),
                ts(1, "1") + " one\n" + ts(2, "2") + " two\n" + ts(3, "3") + " three\n");
        serveLog(logPath("api-1", "app", T + "3Z", false), ts(3, "3") + " three\n");
        KubernetesSourceConfig config = new KubernetesSourceConfig(
                "pods", null, USER_RULES, null, Duration.ofMillis(20), Duration.ofMillis(200));
        source = new KubernetesLogSource(client, config, failingOnce, positions, registry, Clock.systemUTC());
        source.start();

        await().atMost(10, TimeUnit.SECONDS).until(() -> outcomes.contains("three:SENT"));
        await().during(300, TimeUnit.MILLISECONDS).atMost(2, TimeUnit.SECONDS).until(() -> true);
        // "two" failed: it is read again (from "one", which is settled and skipped); nothing is lost
        assertThat(outcomes).startsWith("one:SENT", "two:FAILED").endsWith("two:SENT", "three:SENT");
        assertThat(outcomes).filteredOn(o -> o.startsWith("one")).hasSize(1);
        assertThat(counter("ferry.kubernetes.streams.started", "reason", "rewind"))
                .isGreaterThanOrEqualTo(1);
    }

    List<String> requestPaths() throws InterruptedException {
        List<String> paths = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            paths.add(r.getPath());
        }
        return paths;
    }
}
