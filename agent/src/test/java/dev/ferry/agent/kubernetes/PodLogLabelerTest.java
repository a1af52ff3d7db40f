package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.agent.file.FileLabels;
import dev.ferry.agent.file.FileLabels.State;
import dev.ferry.agent.kubernetes.KubernetesTarget.ContainerState;
import dev.ferry.agent.positions.MutableClock;
import dev.ferry.loki.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodLogLabelerTest {
    @TempDir
    Path tmp;

    Path root;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-27T12:00:00Z"));
    final AtomicInteger changes = new AtomicInteger();
    PodLogLabeler labeler;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("pods")).toRealPath();
        labeler = new PodLogLabeler(root, clock, changes::incrementAndGet);
    }

    static KubernetesTarget target(String pod, String uid, int restarts, ContainerState state) {
        return new KubernetesTarget(
                "shop", pod, uid, "app", false, "containerd://x", restarts, state, 0, Labels.of("pod", pod));
    }

    Path file(String dir, String name) throws IOException {
        Path f = Files.createDirectories(root.resolve(dir).resolve("app")).resolve(name);
        Files.writeString(f, "");
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "shop_api-1_u-1/app/0.log, shop, api-1, u-1, app, 0",
        "shop_api-1_u-1/app/12.log, shop, api-1, u-1, app, 12",
        "kube-system_coredns-5d78c9869d-abcde_0f1e2d3c-aaaa-bbbb-cccc-0123456789ab/coredns/3.log, kube-system,"
                + " coredns-5d78c9869d-abcde, 0f1e2d3c-aaaa-bbbb-cccc-0123456789ab, coredns, 3",
        "shop_api-1_u-1/app/app.log, shop, api-1, u-1, app, -1",
    })
    void pathsInTheKubeletsLayoutAreParsed(String rel, String ns, String pod, String uid, String c, int restart) {
        assertThat(PodLogPath.parse(root, root.resolve(rel))).isEqualTo(new PodLogPath(ns, pod, uid, c, restart));
    }

    @ParameterizedTest
    @CsvSource({
        "shop_api-1/app/0.log",
        "shop_api_1_u/app/0.log",
        "_api_u/app/0.log",
        "shop_api_/app/0.log",
        "shop_api_u/0.log",
        "shop_api_u/app/x/0.log"
    })
    void otherPathsAreNotPodLogs(String rel) {
        assertThat(PodLogPath.parse(root, root.resolve(rel))).isNull();
    }

    @Test
    void aFileWaitsUntilItsPodIsDiscoveredThenGetsItsContainersLabels() throws IOException {
        Path f = file("shop_api-1_u-1", "0.log");
        assertThat(labeler.labels(f).state()).isEqualTo(State.WAIT);
        assertThat(labeler.labels(f).reason()).contains("shop/api-1", "u-1", "not discovered yet");

        labeler.targetUpdated(target("api-1", "u-1", 0, ContainerState.RUNNING));
        assertThat(changes).hasValue(1);
        assertThat(labeler.labels(f)).isEqualTo(FileLabels.read(Labels.of("pod", "api-1"), false));
    }

    @Test
    void aDirectoryWhoseNameDoesNotMatchThePodOfItsUidWaits() throws IOException {
        labeler.targetUpdated(target("api-1", "u-1", 0, ContainerState.RUNNING));
        assertThat(labeler.labels(file("shop_other_u-1", "0.log")).state()).isEqualTo(State.WAIT);
    }

    @Test
    void earlierAndExitedInstancesAreReadToTheirEnd() throws IOException {
        Path first = file("shop_api-1_u-1", "0.log");
        Path second = file("shop_api-1_u-1", "1.log");
        labeler.targetUpdated(target("api-1", "u-1", 1, ContainerState.RUNNING));
        assertThat(labeler.labels(first).state()).isEqualTo(State.LAST);
        assertThat(labeler.labels(second).state()).isEqualTo(State.READ);

        labeler.targetUpdated(target("api-1", "u-1", 1, ContainerState.TERMINATED));
        assertThat(labeler.labels(second).state()).isEqualTo(State.LAST);
        // the API may report the restart after the new instance has begun writing its file
        assertThat(labeler.labels(file("shop_api-1_u-1", "2.log")).state()).isEqualTo(State.READ);
    }

    @Test
    void aGonePodsFilesAreReadToTheirEndWithItsLastLabelsForAWhile() throws IOException {
        Path f = file("shop_api-1_u-1", "0.log");
        KubernetesTarget t = target("api-1", "u-1", 0, ContainerState.RUNNING);
        labeler.targetUpdated(t);
        labeler.targetRemoved(t);
        assertThat(labeler.labels(f))
                .isEqualTo(FileLabels.last(Labels.of("pod", "api-1"), "the pod or container is gone"));

        clock.advance(PodLogLabeler.GONE_GRACE.plus(Duration.ofSeconds(1)));
        labeler.targetRemoved(target("other", "u-2", 0, ContainerState.RUNNING)); // forgetting happens on removals
        assertThat(labeler.labels(f).state()).isEqualTo(State.WAIT);
    }

    @Test
    void aSymbolicLinkIsFollowedOnlyWithinTheLogRoot() throws IOException {
        labeler.targetUpdated(target("api-1", "u-1", 0, ContainerState.RUNNING));
        labeler.targetUpdated(target("api-2", "u-2", 0, ContainerState.RUNNING));
        Path outside = Files.writeString(tmp.resolve("secret.log"), "secret\n");
        Path escaping =
                Files.createDirectories(root.resolve("shop_api-1_u-1/app")).resolve("0.log");
        Files.createSymbolicLink(escaping, outside);
        Path inside = Files.writeString(
                Files.createDirectories(root.resolve(".store")).resolve("c.log"), "ok\n");
        Path staying =
                Files.createDirectories(root.resolve("shop_api-2_u-2/app")).resolve("0.log");
        Files.createSymbolicLink(staying, inside);

        FileLabels refused = labeler.labels(escaping);
        assertThat(refused.state()).isEqualTo(State.REFUSE);
        assertThat(refused.reason())
                .contains("leads out of log_root", outside.toRealPath().toString());
        assertThat(labeler.labels(staying).state()).isEqualTo(State.READ);
    }

    @Test
    void aFileOutsideTheLayoutIsRefused() {
        assertThat(labeler.labels(root.resolve("stray_dir/app/0.log")).state()).isEqualTo(State.REFUSE);
    }
}
