package dev.ferry.agent.cli;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.SourceSpec;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.pipeline.PipelineSpec;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** {@code ferry check}: loads a config and says what it found, or every error in it. */
final class CheckCommand implements Subcommand {
    /** {@code -c, --config}: every subcommand reads one config file. */
    static final CommandOption CONFIG = CommandOption.value("-c", "--config", "config", true, "The config file.");

    private final PrintStream out;
    private final PrintStream err;

    CheckCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String description() {
        return "Check a config file: print what it defines, or every error with FILE:LINE:COL.";
    }

    @Override
    public List<CommandOption> options() {
        return List.of(CONFIG);
    }

    @Override
    public int run(CommandArgs args) {
        Path config = Path.of(args.value("--config", null));
        AgentConfig c = ConfigReport.load(config, System.getenv(), err, true);
        if (c == null) {
            return 1;
        }
        out.println(config + ": ok");
        out.println("pipelines: " + c.pipelines().size());
        for (PipelineSpec p : c.pipelines().values()) {
            StringBuilder stages = new StringBuilder();
            for (var s : p.stages()) {
                stages.append(stages.length() == 0 ? "" : ", ").append(s.stageName());
            }
            out.println("  " + p.name() + ": " + p.stages().size() + " stages (" + stages + ")");
        }
        out.println("sources: " + c.sources().size());
        for (SourceSpec s : c.sources()) {
            String what = switch (s) {
                case SourceSpec.File f -> "file " + String.join(", ", f.config().include());
                case SourceSpec.Kubernetes k ->
                    "kubernetes " + k.mode().name().toLowerCase(java.util.Locale.ROOT) + " mode, node "
                            + (k.config().nodeName() == null
                                    ? "(all nodes)"
                                    : k.config().nodeName());
            };
            out.println(
                    "  " + s.name() + ": " + what + " -> pipeline " + (s.pipeline() == null ? "(none)" : s.pipeline()));
        }
        out.println("loki endpoints: " + c.loki().size());
        for (LokiClientConfig l : c.loki()) {
            out.println("  " + l.name() + ": " + l.safeUrl()
                    + (l.tenantId() == null || l.tenantId().isEmpty() ? "" : " tenant " + l.tenantId()));
        }
        out.println("echo: " + (c.echo() ? "on" : "off"));
        return 0;
    }
}
