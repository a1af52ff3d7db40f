package dev.ferry.agent.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.AgentConfigLoader;
import dev.ferry.agent.config.EnvExpander;
import dev.ferry.agent.config.SourceSpec;
import dev.ferry.pipeline.config.ConfigProblems;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FerryChartTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void helmLintIsCleanInStrictMode() {
        LintResult result = new Helm(RenderedChart.chartDir()).lint().strict().call();

        assertThat(result.isFailed())
                .as("helm lint --strict: %s", result.getMessages())
                .isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void everyObjectIsNamedAfterTheRelease() {
        RenderedChart chart = RenderedChart.withValues("metrics: {serviceMonitor: {enabled: true}}");

        assertThat(chart.objects())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .containsExactlyInAnyOrder(
                        "ServiceAccount/ferry",
                        "ConfigMap/ferry",
                        "ClusterRole/ferry",
                        "ClusterRoleBinding/ferry",
                        "Service/ferry-metrics",
                        "DaemonSet/ferry",
                        "ServiceMonitor/ferry");
        assertThat(chart.objects())
                .filteredOn(o -> !o.getKind().startsWith("Cluster"))
                .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE));
    }

    @Nested
    class DaemonSetPod {
        private final DaemonSet daemonSet = RenderedChart.withDefaults().one(DaemonSet.class);
        private final PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
        private final Container ferry = container(pod, "ferry");

        @Test
        void runsFerryWithTheMountedConfig() {
            assertThat(ferry.getImage()).isEqualTo("ferry:0.1.0");
            assertThat(ferry.getArgs()).containsExactly("run", "--config", "/etc/ferry/config.yaml");
            assertThat(mount(ferry, "config").getMountPath()).isEqualTo("/etc/ferry");
            assertThat(mount(ferry, "config").getReadOnly()).isTrue();
            assertThat(volume(pod, "config").getConfigMap().getName()).isEqualTo("ferry");
        }

        @Test
        void nodeNameComesFromTheDownwardApi() {
            EnvVar nodeName = ferry.getEnv().stream()
                    .filter(e -> e.getName().equals("NODE_NAME"))
                    .findFirst()
                    .orElseThrow();

            assertThat(nodeName.getValue()).isNull();
            assertThat(nodeName.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        }

        @Test
        void positionsLiveOnAHostPathThatSurvivesThePod() {
            Volume positions = volume(pod, "positions");

            assertThat(positions.getHostPath().getPath()).isEqualTo("/var/lib/ferry");
            assertThat(positions.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
            assertThat(mount(ferry, "positions").getMountPath()).isEqualTo("/var/lib/ferry");
            assertThat(mount(ferry, "positions").getReadOnly()).isNotEqualTo(Boolean.TRUE);
        }

        @Test
        void tmpIsWritableForSnappysNativeLibraryAndNothingElseIsMountedInApiMode() {
            assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
            assertThat(mount(ferry, "tmp").getMountPath()).isEqualTo("/tmp");
            assertThat(ferry.getVolumeMounts())
                    .extracting(VolumeMount::getName)
                    .containsExactlyInAnyOrder("config", "positions", "tmp");
            assertThat(pod.getVolumes())
                    .noneMatch(v ->
                            v.getHostPath() != null && v.getHostPath().getPath().startsWith("/var/log"));
        }

        @Test
        void probesHitHealthyAndReadyOnTheHttpPort() {
            assertThat(ferry.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("http");
                assertThat(port.getContainerPort()).isEqualTo(9080);
            });
            assertThat(ferry.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthy");
            assertThat(ferry.getLivenessProbe().getHttpGet().getPort().getStrVal())
                    .isEqualTo("http");
            assertThat(ferry.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
            assertThat(ferry.getReadinessProbe().getHttpGet().getPort().getStrVal())
                    .isEqualTo("http");
        }

        @Test
        void runsLockedDownAsANonRootUser() {
            var podSecurity = pod.getSecurityContext();
            assertThat(podSecurity.getRunAsNonRoot()).isTrue();
            assertThat(podSecurity.getRunAsUser()).isEqualTo(10001L);
            assertThat(podSecurity.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
            assertThat(podSecurity.getSupplementalGroups()).isNullOrEmpty();

            var security = ferry.getSecurityContext();
            assertThat(security.getReadOnlyRootFilesystem()).isTrue();
            assertThat(security.getAllowPrivilegeEscalation()).isFalse();
            assertThat(security.getPrivileged()).isFalse();
            assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
        }

        @Test
        void onlyTheInitContainerIsRootAndItMayOnlyChownThePositionsDirectory() {
            Container init = container(pod.getInitContainers(), "positions-owner");

            assertThat(init.getCommand()).containsExactly("chown", "10001:10001", "/var/lib/ferry");
            assertThat(init.getSecurityContext().getRunAsUser()).isZero();
            assertThat(init.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(init.getSecurityContext().getCapabilities().getAdd()).containsExactly("CHOWN");
            assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(init.getVolumeMounts()).extracting(VolumeMount::getName).containsExactly("positions");
        }

        @Test
        void runsOnEveryNodeIncludingTheControlPlane() {
            assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
                assertThat(t.getOperator()).isEqualTo("Exists");
                assertThat(t.getKey()).isNull();
                assertThat(t.getEffect()).isNull();
            });
            assertThat(pod.getNodeSelector()).isNullOrEmpty();
        }

        @Test
        void requestsLittleAndIsBounded() {
            var resources = ferry.getResources();

            assertThat(resources.getRequests().get("cpu").toString()).isEqualTo("50m");
            assertThat(resources.getRequests().get("memory").toString()).isEqualTo("64Mi");
            assertThat(resources.getLimits()).containsKeys("cpu", "memory");
        }

        @Test
        void announcesItsMetricsToPrometheus() {
            assertThat(daemonSet.getSpec().getTemplate().getMetadata().getAnnotations())
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", "9080")
                    .containsEntry("prometheus.io/path", "/metrics");
        }

        @Test
        void usesTheReleasesServiceAccount() {
            assertThat(pod.getServiceAccountName()).isEqualTo("ferry");
            assertThat(pod.getAutomountServiceAccountToken()).isTrue();
        }
    }

    @Test
    void priorityClassAndPortFollowTheValues() {
        PodSpec pod = podOf(RenderedChart.withValues("""
                priorityClassName: system-node-critical
                config:
                  server:
                    http_listen_port: 3101
                """));

        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(container(pod, "ferry").getPorts().getFirst().getContainerPort())
                .isEqualTo(3101);
    }

    @Test
    void aConfigChangeChangesTheChecksumThatRollsThePods() {
        String before = checksum(RenderedChart.withDefaults());
        String after =
                checksum(RenderedChart.withValues("config: {server: {log_level: debug, http_listen_port: 9080}}"));
        String again = checksum(RenderedChart.withDefaults());

        assertThat(before).matches("[0-9a-f]{64}").isEqualTo(again).isNotEqualTo(after);
    }

    @Nested
    class Rbac {
        @Test
        void apiModeMayReadPodsAndTheirLogsAndNothingElse() {
            RenderedChart chart = RenderedChart.withDefaults();

            assertThat(rules(chart.one(ClusterRole.class)))
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("pods", List.of("get", "list", "watch"), "pods/log", List.of("get")));
        }

        @Test
        void filesModeMayOnlyReadPods() {
            RenderedChart chart = RenderedChart.withValues("kubernetes: {mode: files}");

            assertThat(rules(chart.one(ClusterRole.class)))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("pods", List.of("get", "list", "watch")));
        }

        @Test
        void theBindingGivesTheRoleToTheReleasesServiceAccount() {
            RenderedChart chart = RenderedChart.withDefaults();
            ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);

            assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
            assertThat(binding.getRoleRef().getName())
                    .isEqualTo(chart.one(ClusterRole.class).getMetadata().getName());
            assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName())
                        .isEqualTo(chart.one(ServiceAccount.class).getMetadata().getName());
                assertThat(s.getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
            });
        }

        @Test
        void withoutTheKubernetesSourceThereIsNoRoleAndNoToken() {
            RenderedChart chart = RenderedChart.withValues("kubernetes: {enabled: false}");

            assertThat(chart.all(ClusterRole.class)).isEmpty();
            assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
            assertThat(podOf(chart).getAutomountServiceAccountToken()).isFalse();
        }

        private Map<String, List<String>> rules(ClusterRole role) {
            for (PolicyRule rule : role.getRules()) {
                assertThat(rule.getApiGroups()).containsExactly("");
                assertThat(rule.getResourceNames()).isNullOrEmpty();
                assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
            }
            return role.getRules().stream()
                    .flatMap(rule -> rule.getResources().stream().map(r -> Map.entry(r, rule.getVerbs())))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        }
    }

    @Nested
    class FilesMode {
        private final PodSpec pod = podOf(RenderedChart.withValues("kubernetes: {mode: files}"));
        private final Container ferry = container(pod, "ferry");

        @Test
        void mountsThePodLogDirectoryReadOnly() {
            assertThat(volume(pod, "pod-logs").getHostPath().getPath()).isEqualTo("/var/log/pods");
            assertThat(volume(pod, "pod-logs").getHostPath().getType()).isEqualTo("Directory");
            assertThat(mount(ferry, "pod-logs").getMountPath()).isEqualTo("/var/log/pods");
            assertThat(mount(ferry, "pod-logs").getReadOnly()).isTrue();
        }

        @Test
        void readsRootGroupLogFilesThroughASupplementalGroupNotAsRoot() {
            assertThat(pod.getSecurityContext().getSupplementalGroups()).containsExactly(0L);
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        }

        @Test
        void tellsFerryWhereTheLogsAre() throws IOException {
            JsonNode kubernetes = YAML.readTree(RenderedChart.withValues("kubernetes: {mode: files}")
                            .configYaml())
                    .path("sources")
                    .get(0)
                    .path("kubernetes");

            assertThat(kubernetes.path("mode").asText()).isEqualTo("files");
            assertThat(kubernetes.path("log_root").asText()).isEqualTo("/var/log/pods");
        }

        @Test
        void theReadGroupCanBeTurnedOffForRuntimesThatNeedRoot() {
            PodSpec asRoot = podOf(RenderedChart.withValues("""
                    kubernetes: {mode: files, filesReadGroup: null}
                    podSecurityContext: {runAsUser: 0, runAsNonRoot: false}
                    """));

            assertThat(asRoot.getSecurityContext().getSupplementalGroups()).isNullOrEmpty();
            assertThat(asRoot.getSecurityContext().getRunAsUser()).isZero();
            assertThat(asRoot.getInitContainers())
                    .as("root needs no chown of the positions directory")
                    .isNullOrEmpty();
        }
    }

    @Test
    void extraFileSourcesAreMountedReadOnlyAndBecomeFileSources() throws IOException {
        RenderedChart chart = RenderedChart.withValues("""
                extraFileSources:
                  - name: plex
                    hostPath: /mnt/thedatapool/app-data/plex/config/Library/Application Support/Plex Media Server/Logs
                    mountPath: /var/log/plex
                    pipeline: plex
                    labels: {namespace: plex, app: plex, source: file, service_name: plex/plex}
                """);
        PodSpec pod = podOf(chart);

        Volume plex = volume(pod, "file-plex");
        assertThat(plex.getHostPath().getPath())
                .isEqualTo("/mnt/thedatapool/app-data/plex/config/Library/Application Support/Plex Media Server/Logs");
        assertThat(plex.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        VolumeMount plexMount = mount(container(pod, "ferry"), "file-plex");
        assertThat(plexMount.getMountPath()).isEqualTo("/var/log/plex");
        assertThat(plexMount.getReadOnly()).isTrue();

        JsonNode source = YAML.readTree(chart.configYaml()).path("sources").get(1);
        assertThat(YAML.convertValue(source, Map.class))
                .isEqualTo(Map.of(
                        "name",
                        "plex",
                        "pipeline",
                        "plex",
                        "file",
                        Map.of(
                                "paths",
                                List.of("/var/log/plex/*.log"),
                                "tail_from_end",
                                true,
                                "labels",
                                Map.of(
                                        "namespace", "plex",
                                        "app", "plex",
                                        "source", "file",
                                        "service_name", "plex/plex"))));
    }

    @Nested
    class Config {
        @Test
        void defaultsFollowFerrysSchema() throws IOException {
            JsonNode config = YAML.readTree(RenderedChart.withDefaults().configYaml());

            assertThat(config.fieldNames())
                    .toIterable()
                    .containsExactly("server", "positions", "loki", "echo", "sources", "pipelines");
            assertThat(config.path("server").path("http_listen_port").asInt()).isEqualTo(9080);
            assertThat(config.path("positions").path("directory").asText()).isEqualTo("/var/lib/ferry");
            assertThat(config.path("loki").get(0).path("url").asText())
                    .isEqualTo("http://loki.monitoring.svc:3100/loki/api/v1/push");
            assertThat(config.path("pipelines").fieldNames()).toIterable().containsExactly("default", "plex");

            JsonNode pods = config.path("sources").get(0);
            assertThat(pods.path("name").asText()).isEqualTo("pods");
            assertThat(pods.path("pipeline").asText()).isEqualTo("default");
            assertThat(pods.path("kubernetes").path("mode").asText()).isEqualTo("api");
            assertThat(pods.path("kubernetes").path("node_name").asText())
                    .as("expanded by Ferry from the NODE_NAME the pod gets from the downward API")
                    .isEqualTo("${NODE_NAME}");
            assertThat(pods.path("kubernetes").has("log_root")).isFalse();
            assertThat(pods.path("kubernetes").path("relabel_configs").findValuesAsText("target_label"))
                    .containsExactly("namespace", "pod", "container", "app", "service_name");
        }

        @Test
        void goTemplateTextInAStageReachesFerryUnchanged() throws IOException {
            String template = "{{ if eq .Value \"30\" }}info{{ else }}{{ .Value | ToLower }}{{ end }}";
            String values = """
                    config:
                      pipelines:
                        custom:
                          - template:
                              source: level
                              template: '%s'
                    """.formatted(template);

            JsonNode config = YAML.readTree(RenderedChart.withValues(values).configYaml());

            assertThat(config.path("pipelines")
                            .path("custom")
                            .get(0)
                            .path("template")
                            .path("template")
                            .asText())
                    .isEqualTo(template);
        }

        @Test
        void theDefaultPlexLevelTemplateIsNotEvaluatedByHelm() throws IOException {
            JsonNode config = YAML.readTree(RenderedChart.withDefaults().configYaml());

            assertThat(config.path("pipelines")
                            .path("plex")
                            .findValue("template")
                            .path("template")
                            .asText())
                    .isEqualTo("{{ if eq .Value \"WARNING\" }}warn{{ else }}{{ ToLower .Value }}{{ end }}");
        }

        @Test
        void ferryLoadsTheRenderedConfigWithoutAnError() {
            ConfigProblems problems = new ConfigProblems();
            AgentConfig config = new AgentConfigLoader(Map.of("NODE_NAME", "node-1"))
                    .parse("config.yaml", RenderedChart.withDefaults().configYaml(), problems);

            assertThat(problems.errors()).isEmpty();
            assertThat(problems.warnings()).isEmpty();
            assertThat(config.pipelines()).containsOnlyKeys("default", "plex");
            assertThat(config.sources()).singleElement().satisfies(s -> {
                assertThat(s).isInstanceOf(SourceSpec.Kubernetes.class);
                assertThat(((SourceSpec.Kubernetes) s).config().nodeName()).isEqualTo("node-1");
            });
            assertThat(config.loki())
                    .singleElement()
                    .satisfies(
                            l -> assertThat(l.safeUrl()).isEqualTo("http://loki.monitoring.svc:3100/loki/api/v1/push"));
        }

        @Test
        void ferryLoadsTheConfigOfAPlexFileSourceAndFilesMode() {
            String values = """
                    kubernetes:
                      mode: files
                    extraFileSources:
                      - name: plex
                        hostPath: /var/lib/plex/Logs
                        pipeline: plex
                        labels: {namespace: plex, app: plex, source: file, service_name: plex/plex}
                    """;
            ConfigProblems problems = new ConfigProblems();
            AgentConfig config = new AgentConfigLoader(Map.of("NODE_NAME", "node-1"))
                    .parse("config.yaml", RenderedChart.withValues(values).configYaml(), problems);

            assertThat(problems.errors()).isEmpty();
            assertThat(config.sources()).extracting(SourceSpec::name).containsExactly("pods", "plex");
            assertThat(((SourceSpec.Kubernetes) config.sources().get(0)).mode()).isEqualTo(SourceSpec.Mode.FILES);
        }

        @Test
        void theDefaultPipelinesAreTheSeedsPipelines() throws IOException {
            Path seed = Path.of("").toAbsolutePath().getParent().resolve("examples/seed.yaml");
            String expanded = new EnvExpander(Map.of()).expand(Files.readString(seed));
            JsonNode seedPipelines = YAML.readTree(expanded).path("pipelines");
            JsonNode chartPipelines =
                    YAML.readTree(RenderedChart.withDefaults().configYaml()).path("pipelines");

            assertThat(chartPipelines).isEqualTo(seedPipelines);
        }

        @Test
        void aStringThatLooksLikeHelmsOwnTemplateIsNotEvaluatedEither() throws IOException {
            String text = "{{ .Release.Name }} {{ include \"ferry.fullname\" . }} {{`raw`}}";

            JsonNode config = YAML.readTree(RenderedChart.withValues(
                            "config: {loki: [{url: 'http://loki:3100/loki/api/v1/push', headers: {X-Scope: '%s'}}]}"
                                    .formatted(text.replace("'", "''")))
                    .configYaml());

            assertThat(config.path("loki")
                            .get(0)
                            .path("headers")
                            .path("X-Scope")
                            .asText())
                    .isEqualTo(text);
        }
    }

    @Nested
    class Schema {
        @Test
        void aMistypedKeyFailsTheInstall() {
            assertThatThrownBy(() -> RenderedChart.withValues("kubernetes: {mdoe: files}"))
                    .hasMessageContaining("values don't meet the specifications of the schema")
                    .hasMessageContaining("at '/kubernetes': additional properties 'mdoe' not allowed");
        }

        @Test
        void aMistypedConfigKeyFailsTheInstall() {
            assertThatThrownBy(() -> RenderedChart.withValues(
                            "config: {loki: [{url: 'http://loki:3100/loki/api/v1/push', tennant_id: a}]}"))
                    .hasMessageContaining("at '/config/loki/0': additional properties 'tennant_id' not allowed");
        }

        @Test
        void anUnknownModeFailsTheInstall() {
            assertThatThrownBy(() -> RenderedChart.withValues("kubernetes: {mode: file}"))
                    .hasMessageContaining("at '/kubernetes/mode': value must be one of 'api', 'files'");
        }

        @Test
        void aStageWithTwoNamesFailsTheInstall() {
            assertThatThrownBy(() ->
                            RenderedChart.withValues("config: {pipelines: {p: [{drop: {expression: x}, json: {}}]}}"))
                    .hasMessageContaining("at '/config/pipelines/p/0': maxProperties: got 2, want 1");
        }

        @Test
        void aTypoInATopLevelKeyFailsTheInstall() {
            assertThatThrownBy(() -> RenderedChart.withValues("extraFileSource: []"))
                    .hasMessageContaining("additional properties 'extraFileSource' not allowed");
        }

        @Test
        void theChartOwnsThePositionsDirectory() {
            assertThatThrownBy(() -> RenderedChart.withValues("config: {positions: {directory: /data}}"))
                    .hasMessageContaining("at '/config/positions': additional properties 'directory' not allowed");
        }
    }

    @Test
    void theServiceMonitorScrapesTheHttpPortThroughAHeadlessService() {
        RenderedChart chart = RenderedChart.withValues("metrics: {serviceMonitor: {enabled: true}}");

        Service service = chart.one(Service.class);
        assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        HasMetadata monitor = chart.objects().stream()
                .filter(o -> o.getKind().equals("ServiceMonitor"))
                .findFirst()
                .orElseThrow();
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(RenderedChart.withDefaults().objects())
                .noneMatch(o -> o.getKind().equals("ServiceMonitor") || o instanceof Service);
    }

    @Nested
    class Notes {
        @Test
        void sayWhereLogsGoAndHowToCheck() {
            String notes = RenderedChart.notes("");

            assertThat(notes)
                    .contains("http://loki.monitoring.svc:3100/loki/api/v1/push")
                    .contains("followed through the API server")
                    .contains("kubectl -n monitoring rollout status daemonset/ferry");
        }

        @Test
        void warnThatFilesModeReadsRootOwnedLogsThroughAGroup() {
            assertThat(RenderedChart.notes("kubernetes: {mode: files}"))
                    .contains("read from /var/log/pods")
                    .contains("through supplemental group 0");
            assertThat(RenderedChart.notes("kubernetes: {mode: files, filesReadGroup: null}"))
                    .contains("may be unable to read them");
        }
    }

    @Test
    void theConfigMapHoldsTheConfigTheDaemonSetMounts() {
        RenderedChart chart = RenderedChart.withDefaults();

        assertThat(chart.one(ConfigMap.class).getData()).containsOnlyKeys("config.yaml");
        assertThat(volume(podOf(chart), "config").getConfigMap().getName())
                .isEqualTo(chart.one(ConfigMap.class).getMetadata().getName());
    }

    static PodSpec podOf(RenderedChart chart) {
        return chart.one(DaemonSet.class).getSpec().getTemplate().getSpec();
    }

    private static String checksum(RenderedChart chart) {
        return chart.one(DaemonSet.class)
                .getSpec()
                .getTemplate()
                .getMetadata()
                .getAnnotations()
                .get("checksum/config");
    }

    static Container container(PodSpec pod, String name) {
        return container(pod.getContainers(), name);
    }

    static Container container(List<Container> containers, String name) {
        return Optional.ofNullable(containers).orElse(List.of()).stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name));
    }

    static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }

    static VolumeMount mount(Container container, String name) {
        return container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume mount " + name + " in " + container.getName()));
    }
}
