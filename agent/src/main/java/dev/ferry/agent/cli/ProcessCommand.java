package dev.ferry.agent.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.sink.EntryJson;
import dev.ferry.loki.AckListener;
import dev.ferry.loki.Labels;
import dev.ferry.loki.LogEntry;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Pipeline;
import dev.ferry.pipeline.PipelineFactory;
import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.TimeSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * {@code ferry process}: runs standard input through one pipeline of a config, as entries of one
 * stream, and prints each resulting entry as JSON. Needs no cluster, no Loki, no network.
 */
final class ProcessCommand implements Subcommand {
    private static final List<CommandOption> OPTIONS = List.of(
            CheckCommand.CONFIG,
            CommandOption.value("-p", "--pipeline", "pipeline", true, "The pipeline to run."),
            CommandOption.value(
                    null,
                    "--labels",
                    "labels",
                    false,
                    "The stream's labels as a JSON object, e.g. '{\"app\":\"api\"}'."),
            CommandOption.value(
                    null, "--timestamp", "timestamp", false, "The read time of every line, RFC 3339 (default: now)."),
            CommandOption.flag(null, "--inspect", "Print to standard error what each stage changed."));

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    ProcessCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public String description() {
        return "Run lines from standard input through a pipeline and print the entries as JSON lines.";
    }

    @Override
    public List<CommandOption> options() {
        return OPTIONS;
    }

    @Override
    public int run(CommandArgs args) throws IOException {
        Path config = Path.of(args.value("--config", null));
        String pipeline = args.value("--pipeline", null);
        String labels = args.value("--labels", "{}");
        String timestamp = args.value("--timestamp", null);
        boolean inspect = args.flag("--inspect");
        // process prints and never sends: a config whose Loki url is not set here is still usable
        AgentConfig c = ConfigReport.load(config, System.getenv(), err, false);
        if (c == null) {
            return 1;
        }
        PipelineSpec spec = c.pipelines().get(pipeline);
        if (spec == null) {
            err.println(config + ": no pipeline named '" + pipeline + "' (defined: "
                    + String.join(", ", c.pipelines().keySet()) + ")");
            return 2;
        }
        Labels streamLabels;
        try {
            Map<String, String> map = new ObjectMapper().readValue(labels, new TypeReference<Map<String, String>>() {});
            streamLabels = Labels.of(map);
        } catch (IOException | IllegalArgumentException e) {
            err.println("--labels: expected a JSON object of label names to string values: " + e.getMessage());
            return 2;
        }
        long readTime;
        try {
            readTime = LogEntry.toEpochNanos(timestamp == null ? Instant.now() : Instant.parse(timestamp));
        } catch (DateTimeParseException e) {
            err.println("--timestamp: expected RFC 3339 such as 2026-01-27T12:39:48.421Z, got '" + timestamp + "'");
            return 2;
        }
        PipelineFactory factory =
                new PipelineFactory(spec, new SimpleMeterRegistry(), TimeSource.SYSTEM, c.maxLineSize());
        Pipeline[] holder = new Pipeline[1];
        Pipeline p = factory.newPipeline(
                AckListener.IGNORE,
                entry -> out.println(EntryJson.format(holder[0].labelsOf(entry), entry.toLogEntry())),
                inspect ? new InspectObserver(err) : null);
        holder[0] = p;
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
            String line;
            Object stream = "stdin";
            while ((line = reader.readLine()) != null) {
                p.process(new Entry(stream, streamLabels, readTime, line, null));
            }
        }
        p.flush();
        out.flush();
        return 0;
    }
}
