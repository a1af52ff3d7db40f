package dev.ferry.agent.chart;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The objects {@code helm template} renders from charts/ferry for a set of values, parsed with fabric8's model. */
final class RenderedChart {
    static final String RELEASE = "ferry";
    static final String NAMESPACE = "monitoring";
    /** A current Kubernetes: helm template otherwise assumes v1.20, older than the chart supports. */
    static final String KUBE_VERSION = "v1.32.0";

    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final String manifest;
    private final List<HasMetadata> objects;

    private RenderedChart(String manifest, List<HasMetadata> objects) {
        this.manifest = manifest;
        this.objects = objects;
    }

    /** The repository root: the nearest directory above the working directory that holds charts/ferry. */
    static Path repoRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("charts/ferry/Chart.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "charts/ferry/Chart.yaml not found above " + Path.of("").toAbsolutePath());
    }

    static Path chartDir() {
        return repoRoot().resolve("charts/ferry");
    }

    /** Renders the chart with its default values only (once per test run: the result is immutable). */
    static RenderedChart withDefaults() {
        return Defaults.CHART;
    }

    private static final class Defaults {
        static final RenderedChart CHART = withValues("");
    }

    /**
     * Renders the chart with {@code valuesYaml} layered over values.yaml, as {@code helm template -f} does.
     * Throws what helm reports (a schema violation, a template error) as an {@link IllegalStateException}.
     */
    static RenderedChart withValues(String valuesYaml) {
        Path valuesFile = null;
        try {
            valuesFile = Files.createTempFile("ferry-values-", ".yaml");
            Files.writeString(valuesFile, valuesYaml, StandardCharsets.UTF_8);
            String manifest = new Helm(chartDir())
                    .template()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .withValuesFile(valuesFile)
                    .call();
            return new RenderedChart(manifest, parse(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(valuesFile);
        }
    }

    /** The NOTES.txt helm prints after installing with these values (a client-only dry run: no cluster). */
    static String notes(String valuesYaml) {
        Path valuesFile = null;
        try {
            valuesFile = Files.createTempFile("ferry-values-", ".yaml");
            Files.writeString(valuesFile, valuesYaml, StandardCharsets.UTF_8);
            String output = new Helm(chartDir())
                    .install()
                    .withName(RELEASE)
                    .withNamespace(NAMESPACE)
                    .withKubeVersion(KUBE_VERSION)
                    .clientOnly()
                    .withDryRunOption(DryRun.CLIENT)
                    .withValuesFile(valuesFile)
                    .call()
                    .getOutput();
            int notes = output.indexOf("NOTES:");
            if (notes < 0) {
                throw new AssertionError("helm printed no NOTES:\n" + output);
            }
            return output.substring(notes + "NOTES:".length());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(valuesFile);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }

    private static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
            if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
                continue;
            }
            objects.add(SERIALIZATION.unmarshal(document, HasMetadata.class));
        }
        return List.copyOf(objects);
    }

    /** The text helm printed. */
    String manifest() {
        return manifest;
    }

    List<HasMetadata> objects() {
        return objects;
    }

    /** The only object of this type; fails when there is none or more than one. */
    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", rendered " + found.size());
        }
        return found.getFirst();
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The config.yaml the ConfigMap hands to Ferry, byte for byte. */
    String configYaml() {
        String config = one(ConfigMap.class).getData().get("config.yaml");
        if (config == null) {
            throw new AssertionError("the ConfigMap has no config.yaml");
        }
        return config;
    }
}
