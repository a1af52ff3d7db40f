package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreachableApiTest {

    @Test
    void closedPortIsReportedUnreachableAndRetriedWithoutThrowing() throws Exception {
        int port = closedPort();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:" + port)
                                .withRequestRetryBackoffLimit(0)
                                .withWatchReconnectInterval(20)
                                .build())
                        .build();
                KubernetesLogSource source = new KubernetesLogSource(
                        client,
                        KubernetesSourceConfig.of("pods", "node-a", List.of()),
                        (t, n, l, a) -> {},
                        ContainerPositions.inMemory(),
                        registry,
                        Clock.systemUTC())) {
            source.start(); // returns although nothing answers

            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> source.apiStatus().state() == KubernetesApiStatus.State.UNREACHABLE);
            KubernetesApiStatus.Snapshot first = source.apiStatus();
            assertThat(first.lastError()).containsIgnoringCase("connect");
            assertThat(first.lastError()).doesNotContain("\n"); // one line, no stack trace
            // it keeps trying
            await().atMost(20, TimeUnit.SECONDS).until(() -> source.apiStatus().errors() >= 3);
            assertThat(registry.get("ferry.kubernetes.api.reachable").gauge().value())
                    .isZero();
            assertThat(registry.get("ferry.kubernetes.api.errors")
                            .tag("operation", "discovery")
                            .counter()
                            .count())
                    .isGreaterThanOrEqualTo(3);
            assertThat(source.targets()).isEmpty();
        }
    }

    @Test
    void theFirstFailedCallIsReportedAtOnceWhileFabric8KeepsRetrying() throws Exception {
        int port = closedPort();
        FailedApiCalls failures = new FailedApiCalls();
        try (KubernetesClient client = KubernetesClients.create(
                        new ConfigBuilder()
                                .withMasterUrl("http://127.0.0.1:" + port)
                                // fabric8 tries again only after a minute: what is reported here is the first call
                                .withRequestRetryBackoffInterval(60_000)
                                .build(),
                        failures);
                KubernetesLogSource source = new KubernetesLogSource(
                                client,
                                KubernetesSourceConfig.of("pods", "node-a", List.of()),
                                (t, n, l, a) -> {},
                                ContainerPositions.inMemory(),
                                new SimpleMeterRegistry(),
                                Clock.systemUTC())
                        .reportingFrom(failures)) {
            source.start();

            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> source.apiStatus().state() == KubernetesApiStatus.State.UNREACHABLE);
            KubernetesApiStatus.Snapshot first = source.apiStatus();
            assertThat(first.lastError())
                    .startsWith("cannot list pods at http://127.0.0.1:" + port + "/api/v1/pods?")
                    .containsIgnoringCase("connect");
            assertThat(first.errors()).isEqualTo(1);
            assertThat(source.apiStatus().reachable()).isFalse(); // so /ready stays 503
        }
    }

    /** A port nothing listens on: connecting is refused at once. */
    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void noKubeconfigAndNoServiceAccountIsSaidPlainly(@TempDir Path home) throws Exception {
        Path token = home.resolve("no-token");

        assertThat(KubernetesClients.missingConfiguration(Map.of(), home, token))
                .isEqualTo("no Kubernetes configuration: no in-cluster service account, and no KUBECONFIG and no "
                        + home.resolve(".kube/config"));
        assertThat(KubernetesClients.missingConfiguration(Map.of("KUBECONFIG", "/nowhere/config"), home, token))
                .endsWith("KUBECONFIG (/nowhere/config) names no readable file");

        Files.createDirectories(home.resolve(".kube"));
        Files.writeString(home.resolve(".kube/config"), "apiVersion: v1\n");
        assertThat(KubernetesClients.missingConfiguration(Map.of(), home, token))
                .isNull();

        Files.writeString(token, "t");
        assertThat(KubernetesClients.missingConfiguration(
                        Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), home.resolve("x"), token))
                .isNull();
    }
}
