package dev.ferry.agent.config;

import dev.ferry.agent.file.FileSourceConfig;
import dev.ferry.agent.kubernetes.KubernetesSourceConfig;
import dev.ferry.agent.relabel.RelabelAction;
import dev.ferry.agent.relabel.RelabelRule;
import dev.ferry.loki.LokiClientConfig;
import dev.ferry.pipeline.MaxLineSize;
import dev.ferry.pipeline.PipelineSpec;
import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.Location;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.MapReader;
import dev.ferry.pipeline.config.ScalarNode;
import dev.ferry.pipeline.config.YamlLoader;
import dev.ferry.pipeline.stage.PipelinesLoader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Ferry's config file: expands {@code ${VAR}} from the environment, parses the YAML keeping
 * every value's line and column, and checks every section, collecting all errors (and warnings) in
 * {@link ConfigProblems} so a user sees them together.
 */
public final class AgentConfigLoader {
    private final Map<String, String> env;
    private final boolean sinkRequired;

    /** A loader for a config that runs: no Loki url and no echo is an error (entries would go nowhere). */
    public AgentConfigLoader(Map<String, String> env) {
        this(env, true);
    }

    /**
     * @param sinkRequired false for a command that never sends ({@code ferry process}), which may use a config whose
     *     Loki url is not set
     */
    public AgentConfigLoader(Map<String, String> env, boolean sinkRequired) {
        this.env = env;
        this.sinkRequired = sinkRequired;
    }

    /** The config in {@code file}, or null when it has errors (all reported to {@code problems}). */
    public AgentConfig load(Path file, ConfigProblems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.error(new Location(file.toString(), 1, 1), "", "cannot read the config file: " + e.getMessage());
            return null;
        }
        return parse(file.toString(), text, problems);
    }

    public AgentConfig parse(String fileName, String text, ConfigProblems problems) {
        EnvExpander expander = new EnvExpander(env);
        String expanded = expander.expand(text);
        ConfigNode root = YamlLoader.parse(fileName, expanded, problems);
        if (root == null) {
            if (!problems.hasErrors()) {
                problems.error(new Location(fileName, 1, 1), "", "the config file is empty");
            }
            return null;
        }
        for (String name : expander.unsetVariables()) {
            problems.warning(root.location(), "", "environment variable " + name + " is not set; it reads as empty");
        }
        MapReader top = MapReader.of(root, problems, "", "a map with server, positions, loki, sources and pipelines");

        ServerConfig server = server(top.raw("server"), problems);
        PositionsConfig positions = positions(top.raw("positions"), problems);
        long maxLine = LokiClientConfig.DEFAULT_MAX_LINE_SIZE;
        boolean truncate = true;
        if (top.has("limits")) {
            MapReader limits = MapReader.of(top.raw("limits"), problems, "limits", "a map");
            maxLine = limits.byteSize("max_line_size", maxLine);
            truncate = limits.bool("max_line_size_truncate", true);
            limits.finish();
        }
        MaxLineSize maxLineSize = new MaxLineSize(
                (int) Math.min(Integer.MAX_VALUE, maxLine),
                truncate ? MaxLineSize.Action.TRUNCATE : MaxLineSize.Action.DROP);

        List<LokiClientConfig> loki = new ArrayList<>();
        ConfigNode lokiNode = top.raw("loki");
        if (lokiNode instanceof ListNode list) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                LokiClientConfig c = LokiEndpointReader.read(list.get(i), i, problems, maxLine, truncate);
                if (c != null && !names.add(c.name())) {
                    problems.error(
                            list.get(i).location(),
                            "loki endpoint " + (i + 1),
                            "name '" + c.name() + "' is used by another endpoint; give each endpoint its own name");
                } else if (c != null) {
                    loki.add(c);
                }
            }
        } else if (lokiNode instanceof MapNode) {
            LokiClientConfig c = LokiEndpointReader.read(lokiNode, 0, problems, maxLine, truncate);
            if (c != null) {
                loki.add(c);
            }
        } else if (lokiNode != null) {
            top.error("loki", "loki must be a list of endpoints, got " + lokiNode.describe());
        }

        boolean echo = echo(top, loki.isEmpty());

        Map<String, PipelineSpec> pipelines = Map.of();
        ConfigNode pipelinesNode = top.raw("pipelines");
        if (pipelinesNode != null) {
            pipelines = PipelinesLoader.load(pipelinesNode, problems);
        }
        List<SourceSpec> sources = sources(top.raw("sources"), pipelines, pipelinesNode, problems);
        top.finish();
        if (sinkRequired && loki.isEmpty() && !echo) {
            NoSink.report(root, lokiNode, text, env, problems);
        }
        if (problems.hasErrors()) {
            return null;
        }
        return new AgentConfig(server, positions, maxLineSize, List.copyOf(loki), echo, sources, pipelines);
    }

    private static boolean echo(MapReader top, boolean noLoki) {
        ConfigNode node = top.raw("echo");
        if (node == null) {
            return false;
        }
        if (node instanceof ScalarNode s && s.text().strip().equalsIgnoreCase("auto")) {
            return noLoki; // print entries when there is nowhere else to send them
        }
        if (node instanceof MapNode) {
            MapReader r = MapReader.of(node, top.problems(), "echo", "a map");
            boolean on = r.bool("enabled", true);
            r.finish();
            return on;
        }
        return top.bool("echo", false);
    }

    private ServerConfig server(ConfigNode node, ConfigProblems problems) {
        if (node == null) {
            return ServerConfig.DEFAULT;
        }
        ServerConfig d = ServerConfig.DEFAULT;
        MapReader r = MapReader.of(node, problems, "server", "a map");
        String address = r.string("http_listen_address", d.httpListenAddress());
        int port = r.integer("http_listen_port", d.httpListenPort());
        if (port < 0 || port > 65535) {
            r.error("http_listen_port", "http_listen_port must be between 0 and 65535, got " + port);
        }
        String level = r.string("log_level", d.logLevel()).toLowerCase(Locale.ROOT);
        if (!List.of("debug", "info", "warn", "error").contains(level)) {
            r.error("log_level", "log_level must be debug, info, warn or error, got '" + level + "'");
        }
        String format = r.string("log_format", d.logFormat()).toLowerCase(Locale.ROOT);
        if (!List.of("logfmt", "json").contains(format)) {
            r.error("log_format", "log_format must be logfmt or json, got '" + format + "'");
        }
        boolean readyNeedsK8s = r.bool("ready_requires_kubernetes", d.readyRequiresKubernetes());
        Duration shutdown = r.duration("shutdown_timeout", d.shutdownTimeout());
        r.finish();
        return new ServerConfig(address, port, level, format, readyNeedsK8s, shutdown);
    }

    private static PositionsConfig positions(ConfigNode node, ConfigProblems problems) {
        Path dir = Path.of("data");
        Duration sync = Duration.ofSeconds(5);
        Duration forget = Duration.ofHours(1);
        if (node != null) {
            MapReader r = MapReader.of(node, problems, "positions", "a map");
            String d = r.string("directory", "data");
            if (d.isBlank()) {
                r.error("directory", "directory must not be empty");
            }
            dir = Path.of(d.isBlank() ? "data" : d);
            sync = r.duration("sync_period", sync);
            forget = r.duration("forget_after", forget);
            r.finish();
        }
        return new PositionsConfig(dir, sync, forget);
    }

    private static List<SourceSpec> sources(
            ConfigNode node, Map<String, PipelineSpec> pipelines, ConfigNode pipelinesNode, ConfigProblems problems) {
        List<SourceSpec> out = new ArrayList<>();
        if (node == null) {
            return out;
        }
        if (!(node instanceof ListNode list)) {
            problems.error(node.location(), "sources", "must be a list of sources, got " + node.describe());
            return out;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigNode item = list.get(i);
            MapReader r = MapReader.of(
                    item, problems, "source " + (i + 1), "a map with name, pipeline and file or kubernetes");
            String name = r.requiredString("name");
            if (name != null) {
                r = new MapReader(r.node(), problems, "source '" + name + "'");
                r.has("name");
            }
            MapReader named = r;
            String pipeline = r.string("pipeline", null);
            if (pipeline != null && !pipelines.containsKey(pipeline)) {
                boolean definedWithErrors = pipelinesNode instanceof MapNode m && m.get(pipeline) != null;
                if (!definedWithErrors) {
                    r.error(
                            "pipeline",
                            "pipeline '" + pipeline + "' is not defined under pipelines"
                                    + (pipelines.isEmpty()
                                            ? ""
                                            : " (defined: " + String.join(", ", pipelines.keySet()) + ")"));
                }
            }
            if (name != null && !names.add(name)) {
                r.error("name", "source name '" + name + "' is used twice; names key positions and metrics");
            }
            boolean hasFile = r.has("file");
            boolean hasK8s = r.has("kubernetes");
            if (hasFile == hasK8s) {
                r.error(null, "a source needs exactly one of 'file' or 'kubernetes'");
                r.finish();
                continue;
            }
            SourceSpec spec = hasFile
                    ? fileSource(name, pipeline, r.raw("file"), named.context(), problems)
                    : kubernetesSource(name, pipeline, r.raw("kubernetes"), named.context(), problems);
            if (r.finish() && spec != null) {
                out.add(spec);
            }
        }
        return out;
    }

    private static SourceSpec fileSource(
            String name, String pipeline, ConfigNode node, String context, ConfigProblems problems) {
        MapReader f = MapReader.of(node, problems, context + ", file", "a map");
        List<String> paths = f.stringOrList("paths");
        if (paths == null) {
            f.error("paths", "paths is required: globs of the files to tail, e.g. [/var/log/plex/*.log]");
        }
        List<String> exclude = f.stringOrList("exclude");
        Map<String, String> labels = f.stringMap("labels");
        boolean tailFromEnd = f.bool("tail_from_end", false);
        String encoding = f.string("encoding", "UTF-8");
        Charset charset = null;
        try {
            charset = Charset.forName(encoding);
        } catch (IllegalArgumentException e) {
            f.error(
                    "encoding",
                    "encoding '" + encoding + "' is not a charset this JVM knows (try UTF-8 or ISO-8859-1)");
        }
        Duration sync = f.duration("sync_period", FileSourceConfig.DEFAULT_SYNC_PERIOD);
        Duration poll = f.duration("poll_interval", FileSourceConfig.DEFAULT_POLL_INTERVAL);
        long maxLine = f.byteSize("max_line_size", FileSourceConfig.DEFAULT_MAX_LINE_SIZE);
        boolean dropLong = f.bool("drop_long_lines", false);
        if (!f.finish() || name == null || paths == null || charset == null) {
            return null;
        }
        Charset cs = charset;
        FileSourceConfig config = f.build(() -> new FileSourceConfig(
                name,
                paths,
                exclude,
                labels,
                tailFromEnd,
                cs,
                sync,
                poll,
                (int) Math.min(Integer.MAX_VALUE, maxLine),
                dropLong,
                null,
                null));
        return config == null ? null : new SourceSpec.File(name, pipeline, config);
    }

    private static SourceSpec kubernetesSource(
            String name, String pipeline, ConfigNode node, String context, ConfigProblems problems) {
        MapReader k = MapReader.of(node, problems, context + ", kubernetes", "a map");
        String modeText = k.string("mode", "api").toLowerCase(Locale.ROOT);
        SourceSpec.Mode mode = switch (modeText) {
            case "api" -> SourceSpec.Mode.API;
            case "files" -> SourceSpec.Mode.FILES;
            default -> {
                k.error("mode", "mode must be api or files, got '" + modeText + "'");
                yield null;
            }
        };
        String nodeName = k.string("node_name", "");
        Path logRoot = Path.of(k.string("log_root", "/var/log/pods"));
        List<RelabelRule> rules = new ArrayList<>();
        ConfigNode rulesNode = k.raw("relabel_configs");
        if (rulesNode instanceof ListNode list) {
            for (int i = 0; i < list.size(); i++) {
                RelabelRule rule = relabelRule(list.get(i), k.context() + ", relabel_configs " + (i + 1), problems);
                if (rule != null) {
                    rules.add(rule);
                }
            }
        } else if (rulesNode != null) {
            k.error("relabel_configs", "relabel_configs must be a list of rules, got " + rulesNode.describe());
        }
        long maxLine = k.byteSize("max_line_size", KubernetesSourceConfig.DEFAULT_MAX_LINE_BYTES);
        Duration minBackoff = k.duration("min_backoff", null);
        Duration maxBackoff = k.duration("max_backoff", null);
        if (!k.finish() || name == null || mode == null) {
            return null;
        }
        KubernetesSourceConfig config = k.build(() -> new KubernetesSourceConfig(
                name, nodeName, rules, (int) Math.min(Integer.MAX_VALUE, maxLine), minBackoff, maxBackoff));
        return config == null ? null : new SourceSpec.Kubernetes(name, pipeline, mode, logRoot, config);
    }

    private static RelabelRule relabelRule(ConfigNode node, String context, ConfigProblems problems) {
        MapReader r = MapReader.of(node, problems, context, "a map");
        List<String> sourceLabels = r.stringList("source_labels");
        String separator = r.string("separator", null);
        String regex = r.string("regex", null);
        long modulus = r.longValue("modulus", 0);
        String target = r.string("target_label", null);
        String replacement = r.string("replacement", null);
        String actionText = r.string("action", "replace");
        RelabelAction action = null;
        try {
            action = RelabelAction.parse(actionText);
        } catch (IllegalArgumentException e) {
            r.error("action", e.getMessage());
        }
        if (!r.finish() || action == null) {
            return null;
        }
        RelabelAction a = action;
        return r.build(() -> new RelabelRule(sourceLabels, separator, regex, modulus, target, replacement, a));
    }
}
