package dev.ferry.agent.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.agent.chart.DockerfileInstructions.Stage;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Static checks of the Dockerfile: no Docker engine runs here, so the real build happens elsewhere. */
class DockerfileTest {
    /** The build every document names; README's marked block must say the same. */
    static final String BUILD_COMMAND = "mvn -B -DskipTests package";

    /** Marks the fenced block in README.md that holds the build command. */
    static final String README_BUILD_MARKER = "<!-- ferry:build-command -->";

    private static final Path ROOT = RenderedChart.repoRoot();
    private final List<Stage> stages = DockerfileInstructions.parse(read(ROOT.resolve("Dockerfile")));
    private final Stage build = stages.stream()
            .filter(s -> "build".equals(s.name()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no stage named build"));
    private final Stage runtime = stages.getLast();

    @Test
    void buildsAndRunsOnJava25ForTheAotCache() {
        // the code targets Java 21; the image's JVM is 25 because its AOT cache (JEP 483/514/515)
        // must be made and used by the same JVM build
        assertThat(stages).hasSize(2);
        assertThat(build.image()).contains("maven").contains("temurin-25");
        assertThat(runtime.image()).startsWith("eclipse-temurin:25-jre");
    }

    @Test
    void theBuildStageRunsTheDocumentedBuildFirst() {
        assertThat(build.arguments("RUN"))
                .extracting(DockerfileInstructions::shellCommand)
                .singleElement()
                .satisfies(run -> assertThat(run.split("&&")[0].strip()).isEqualTo(BUILD_COMMAND));
    }

    @Test
    void theAotCacheTheJvmIsToldToUseIsTheOneTheImageBuilds() {
        String cache = javaOptions().stream()
                .filter(f -> f.startsWith("-XX:AOTCache="))
                .map(f -> f.substring("-XX:AOTCache=".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("JAVA_OPTS names no -XX:AOTCache"));
        assertThat(String.join("\n", runtime.arguments("RUN")))
                .as("a RUN of the runtime stage writes the cache with the image's own JVM")
                .contains("aot-cache /opt/ferry/ferry.jar " + cache);
    }

    @Test
    void theReadmeDocumentsTheSameBuild() {
        Optional<String> readmeCommand = readmeBuildCommand();
        assumeTrue(
                readmeCommand.isPresent(),
                "README.md has no fenced block after " + README_BUILD_MARKER + " yet: the lead adds it");

        assertThat(readmeCommand.orElseThrow()).isEqualTo(BUILD_COMMAND);
    }

    @Test
    void theRuntimeStageCopiesTheJarTheBuildProduces() {
        assertThat(read(ROOT.resolve("agent/pom.xml")))
                .as("the shade plugin names the jar agent/target/ferry.jar")
                .contains("<finalName>ferry</finalName>");
        String workdir = build.arguments("WORKDIR").getLast();

        assertThat(runtime.arguments("COPY"))
                .contains("--from=build " + workdir + "/agent/target/ferry.jar /opt/ferry/ferry.jar");
    }

    @Test
    void theImageRunsFerryRunWithTheChartsConfigPath() {
        List<String> command = new ArrayList<>();
        command.addAll(
                DockerfileInstructions.execForm(runtime.arguments("ENTRYPOINT").getLast()));
        command.addAll(DockerfileInstructions.execForm(runtime.arguments("CMD").getLast()));

        assertThat(String.join(" ", command)).isEqualTo("ferry run --config /etc/ferry/config.yaml");
        assertThat(RenderedChart.withDefaults()
                        .one(DaemonSet.class)
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getArgs())
                .as("the chart passes the image's default command explicitly")
                .isEqualTo(command.subList(1, command.size()));
    }

    @Test
    void theFerryLauncherStartsTheCopiedJar() {
        String runs = String.join("\n", runtime.arguments("RUN"));

        assertThat(runs).contains("> /usr/local/bin/ferry").contains("chmod 0755 /usr/local/bin/ferry");
        assertThat(runs).contains("'exec java ${JAVA_OPTS} -jar /opt/ferry/ferry.jar \"$@\"'");
    }

    @Test
    void runsAsTheNonRootUserTheChartExpects() {
        assertThat(runtime.arguments("USER")).containsExactly("10001:10001");
        assertThat(read(RenderedChart.chartDir().resolve("values.yaml"))).contains("runAsUser: 10001");
    }

    @Test
    void theJvmIsBoundedAndTheChartDocumentsTheSameFlags() {
        List<String> flags = javaOptions();

        assertThat(flags)
                .contains(
                        "-XX:+UseSerialGC",
                        "-Xmx32m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow",
                        "-Djava.io.tmpdir=/tmp");
        String values = read(RenderedChart.chartDir().resolve("values.yaml"));
        assertThat(flags).allSatisfy(flag -> assertThat(values).contains(flag));
    }

    private List<String> javaOptions() {
        String env = runtime.arguments("ENV").stream()
                .filter(e -> e.startsWith("JAVA_OPTS="))
                .findFirst()
                .orElseThrow();
        return List.of(env.substring("JAVA_OPTS=\"".length(), env.length() - 1).split(" "));
    }

    @Test
    void theBuildContextKeepsEveryModule() throws IOException {
        List<String> ignored = read(ROOT.resolve(".dockerignore"))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        List<String> modules = modules(read(ROOT.resolve("pom.xml")));

        assertThat(modules).isNotEmpty();
        assertThat(ignored).doesNotContain("pom.xml", "*.xml", "**/pom.xml", "src", "**/src");
        for (String module : modules) {
            assertThat(ignored).as("module %s is built in the image", module).doesNotContain(module, module + "/");
        }
        try (Stream<Path> poms = Files.list(ROOT)) {
            assertThat(poms.filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
                            .map(p -> p.getFileName().toString()))
                    .allSatisfy(dir -> assertThat(ignored).doesNotContain(dir));
        }
    }

    /** The single command line of README.md's fenced block after {@link #README_BUILD_MARKER}, if there is one. */
    static Optional<String> readmeBuildCommand() {
        Path readme = ROOT.resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            return Optional.empty();
        }
        Matcher block = Pattern.compile(
                        Pattern.quote(README_BUILD_MARKER) + "\\s*```[a-z]*\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(read(readme));
        if (!block.find()) {
            return Optional.empty();
        }
        List<String> lines = block.group(1)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.startsWith("$ ") ? l.substring(2) : l)
                .toList();
        assertThat(lines).as("README's build block holds one command").hasSize(1);
        return Optional.of(lines.getFirst());
    }

    private static List<String> modules(String pom) {
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        List<String> modules = new ArrayList<>();
        while (m.find()) {
            modules.add(m.group(1).strip());
        }
        return modules;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }
}
