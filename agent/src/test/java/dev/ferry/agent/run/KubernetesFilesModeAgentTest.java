package dev.ferry.agent.run;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.AgentConfigLoader;
import dev.ferry.pipeline.config.ConfigProblems;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mode: files} from a config file: the agent reads the pod log files, runs them through the
 * pipeline and prints them (echo), with the pod's labels and the CRI timestamps. The agent builds its
 * own Kubernetes client, pointed at the mock API server through fabric8's system properties.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesFilesModeAgentTest {
    static final List<String> PROPERTIES = List.of(
            "kubernetes.master",
            "kubernetes.trust.certificates",
            "kubernetes.auth.tryKubeConfig",
            "kubernetes.auth.tryServiceAccount",
            "kubernetes.namespace");

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path tmp;

    final Map<String, String> savedProperties = new HashMap<>();
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    Agent agent;

    @BeforeEach
    void pointFabric8AtTheMockServer() {
        for (String p : PROPERTIES) {
            savedProperties.put(p, System.getProperty(p));
        }
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.namespace", "default");
    }

    @AfterEach
    void restore() {
        if (agent != null) {
            agent.close();
        }
        savedProperties.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    static Pod pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("api-7d9f")
                .withLabels(Map.of("app", "api"))
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-a")
                .addNewContainer()
                .withName("api")
                .withImage("registry/api:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("api")
                .withContainerID("containerd://abc")
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-01-27T11:00:00Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build();
    }

    List<JsonNode> printed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        String text;
        synchronized (stdout) {
            text = stdout.toString(UTF_8);
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("{")) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    @Test
    void filesModeFromConfigShipsPodLogFilesWithTheirPodsLabels() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("pods"));
        String yaml = """
                server:
                  http_listen_address: 127.0.0.1
                  http_listen_port: 0
                positions:
                  directory: %s
                echo: true
                sources:
                  - name: pods
                    pipeline: default
                    kubernetes:
                      mode: files
                      log_root: %s
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_namespace]
                          target_label: namespace
                        - source_labels: [__meta_kubernetes_pod_name]
                          target_label: pod
                        - source_labels: [__meta_kubernetes_pod_container_name]
                          target_label: container
                        - source_labels: [__meta_kubernetes_namespace, __meta_kubernetes_pod_label_app]
                          separator: /
                          target_label: service_name
                pipelines:
                  default:
                    - drop:
                        expression: '.*GET /health/readiness.*'
                """.formatted(tmp.resolve("positions"), root);
        ConfigProblems problems = new ConfigProblems();
        AgentConfig config = new AgentConfigLoader(Map.of()).parse("ferry.yaml", yaml, problems);
        assertThat(config).as(problems.toString()).isNotNull();

        String uid = client.pods()
                .inNamespace("shop")
                .resource(pod())
                .create()
                .getMetadata()
                .getUid();
        Path log = Files.createDirectories(root.resolve("shop_api-7d9f_" + uid).resolve("api"))
                .resolve("0.log");
        Files.writeString(
                log,
                "2026-01-27T12:39:48.421234567Z stdout F {\"level\":30,\"msg\":\"started\"}\n"
                        + "2026-01-27T12:39:49.000000000Z stdout F GET /health/readiness 200\n"
                        + "2026-01-27T12:39:50.500000000Z stderr P a long line in two \n"
                        + "2026-01-27T12:39:50.600000000Z stderr F parts\n");

        agent = new Agent(
                config,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                Clock.systemUTC(),
                new PrintStream(stdout, true, UTF_8));
        agent.start();

        await().atMost(20, TimeUnit.SECONDS).until(() -> printed().size() >= 2);
        List<JsonNode> entries = printed();
        assertThat(entries)
                .extracting(e -> e.get("line").asText())
                .containsExactly("{\"level\":30,\"msg\":\"started\"}", "a long line in two parts");
        assertThat(entries)
                .extracting(e -> e.get("timestamp").asText())
                .containsExactly("2026-01-27T12:39:48.421234567Z", "2026-01-27T12:39:50.600Z");
        assertThat(entries.get(0).get("labels").toString())
                .isEqualTo("{\"container\":\"api\",\"namespace\":\"shop\",\"pod\":\"api-7d9f\","
                        + "\"service_name\":\"shop/api\"}");
        HttpResponse<String> status = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.httpPort() + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        JsonNode source =
                new ObjectMapper().readTree(status.body()).get("sources").get(0);
        assertThat(source.get("mode").asText()).isEqualTo("files");
        assertThat(source.get("api").get("state").asText()).isEqualTo("reachable");
        assertThat(source.get("targets").get(0).get("path").asText()).endsWith("/api/0.log");
    }
}
