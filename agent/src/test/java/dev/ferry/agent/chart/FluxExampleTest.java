package dev.ferry.agent.chart;

import static dev.ferry.agent.chart.FerryChartTest.container;
import static dev.ferry.agent.chart.FerryChartTest.mount;
import static dev.ferry.agent.chart.FerryChartTest.podOf;
import static dev.ferry.agent.chart.FerryChartTest.volume;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Flux example deploys the chart the way the user's Alloy release is deployed, and its values pass the schema. */
class FluxExampleTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PLEX_LOGS =
            "/mnt/thedatapool/app-data/plex/config/Library/Application Support/Plex Media Server/Logs";

    private final List<JsonNode> documents =
            documents(RenderedChart.chartDir().resolve("examples/flux-helmrelease.yaml"));
    private final JsonNode release = ofKind("HelmRelease");

    @Test
    void isAHelmReleaseInMonitoringThatPointsAtTheChartInItsSource() {
        JsonNode chart = release.path("spec").path("chart").path("spec");
        JsonNode source = ofKind(chart.path("sourceRef").path("kind").asText());

        assertThat(release.path("apiVersion").asText()).isEqualTo("helm.toolkit.fluxcd.io/v2");
        assertThat(release.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
        assertThat(source.path("metadata").path("name").asText())
                .isEqualTo(chart.path("sourceRef").path("name").asText());
        assertThat(RenderedChart.repoRoot()
                        .resolve(chart.path("chart").asText())
                        .resolve("Chart.yaml"))
                .isRegularFile();
    }

    @Test
    void itsValuesPassTheSchemaAndMountThePlexLogsReadOnly() throws IOException {
        RenderedChart rendered = RenderedChart.withValues(
                YAML.writeValueAsString(release.path("spec").path("values")));
        PodSpec pod = podOf(rendered);

        Volume plex = volume(pod, "file-plex");
        assertThat(plex.getHostPath().getPath()).isEqualTo(PLEX_LOGS);
        assertThat(plex.getHostPath().getType()).isEqualTo("DirectoryOrCreate");
        assertThat(mount(container(pod, "ferry"), "file-plex").getReadOnly()).isTrue();

        JsonNode config = YAML.readTree(rendered.configYaml());
        List<String> pipelines = new ArrayList<>();
        config.path("pipelines").fieldNames().forEachRemaining(pipelines::add);
        assertThat(config.path("sources").findValuesAsText("pipeline"))
                .as("every source names a pipeline that exists")
                .containsExactly("default", "plex")
                .allSatisfy(p -> assertThat(pipelines).contains(p));
        assertThat(config.path("sources")
                        .get(1)
                        .path("file")
                        .path("labels")
                        .path("service_name")
                        .asText())
                .isEqualTo("plex/plex");
    }

    private JsonNode ofKind(String kind) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the example has no " + kind));
    }

    private static List<JsonNode> documents(Path file) {
        try (var parser = YAML.getFactory().createParser(Files.readString(file))) {
            return YAML.readValues(parser, JsonNode.class).readAll();
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
