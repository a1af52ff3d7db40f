package dev.ferry.agent.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.agent.cli.FerryCommand;
import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.AgentConfigLoader;
import dev.ferry.agent.config.SourceSpec;
import dev.ferry.agent.positions.PositionStore;
import dev.ferry.agent.sink.EntryJson;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.LineTruncation;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Pipeline;
import dev.ferry.pipeline.PipelineFactory;
import dev.ferry.pipeline.TimeSource;
import dev.ferry.pipeline.config.ConfigProblems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for long lines: a 1 MiB pino line gives the same entry through {@code ferry process} and
 * through a file source and its pipeline, as {@code ferry run} wires them. Before, the file source cut
 * the line at 256 KiB, so its JSON never parsed.
 */
class LongLineParityTest {
    @TempDir
    Path logs;

    @TempDir
    Path data;

    String config() {
        return """
                loki: [{url: "http://127.0.0.1:9/loki/api/v1/push"}]
                sources:
                  - name: api
                    pipeline: pino
                    file: {paths: ["%s/*.log"], labels: {app: api}}
                pipelines:
                  pino:
                    - json: {expressions: {level: level, msg: msg, time: time}}
                    - timestamp: {source: time, format: UnixMs}
                    - output: {source: msg}
                    - labels: {values: {level: ""}}
                """.formatted(logs);
    }

    static String pino(String msg, String stack) {
        return "{\"level\":\"error\",\"time\":1769517588421,\"msg\":\"" + msg + "\",\"stack\":\"" + stack + "\"}";
    }

    @Test
    void aOneMebibyteJsonLineGivesTheSameEntryThroughProcessAndThroughTheFileSource() throws IOException {
        String mib = "x".repeat(1024 * 1024);
        List<String> lines = List.of(
                pino("a short message with a 1 MiB stack", mib), pino(mib, "a 1 MiB message is cut, with the marker"));
        Path log = logs.resolve("api.log");
        Files.writeString(log, String.join("\n", lines) + "\n");
        Path configFile = data.resolve("ferry.yaml");
        Files.writeString(configFile, config());

        List<String> processed = process(configFile, lines, log);
        List<String> tailed = tail(configFile);

        assertThat(processed).hasSize(2);
        assertThat(tailed).containsExactlyElementsOf(processed);
        assertThat(processed.get(0)).contains("\"line\":\"a short message with a 1 MiB stack\"");
        assertThat(processed.get(1)).contains(LineTruncation.MARKER + "\"}");
    }

    /** {@code ferry process} with the labels the file source gives the file. */
    private static List<String> process(Path configFile, List<String> lines, Path log) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FerryCommand.commandLine(
                        new ByteArrayInputStream((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(
                        "process",
                        "--config",
                        configFile.toString(),
                        "--pipeline",
                        "pino",
                        "--labels",
                        "{\"app\":\"api\",\"filename\":\"" + log + "\"}");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The file source and the pipeline, wired as the agent wires them. */
    private List<String> tail(Path configFile) {
        ConfigProblems problems = new ConfigProblems();
        AgentConfig c = new AgentConfigLoader(Map.of()).load(configFile, problems);
        problems.throwIfErrors();
        SourceSpec.File spec = (SourceSpec.File) c.sources().get(0);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<String> out = new CopyOnWriteArrayList<>();
        Pipeline[] pipeline = new Pipeline[1];
        pipeline[0] = new PipelineFactory(c.pipelines().get("pino"), meters, TimeSource.SYSTEM, c.maxLineSize())
                .newPipeline(
                        AckListener.IGNORE,
                        e -> out.add(EntryJson.format(pipeline[0].labelsOf(e), e.toLogEntry())),
                        null);
        PositionStore store = PositionStore.open(new PositionStore.Config(data, null, null), Clock.systemUTC(), meters);
        FileSource source = FileSourceTest.started(spec.config(), store, meters, (target, line, readTime, token) -> {
            pipeline[0].process(new Entry(target, target.labels(), readTime, line, token));
            return true;
        });
        try {
            await().until(() -> out.size() >= 2);
        } finally {
            source.close();
            store.close();
        }
        return out;
    }
}
