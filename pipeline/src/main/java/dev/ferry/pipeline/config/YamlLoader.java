package dev.ferry.pipeline.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads YAML into {@link ConfigNode}s that remember where each value was written, using SnakeYAML's
 * node API (no binding to classes, so unknown keys and wrong types become located errors). Aliases
 * are resolved; merge keys ({@code <<}) are not supported and read as an ordinary key.
 */
public final class YamlLoader {
    private YamlLoader() {}

    /** Reads {@code file}; problems (unreadable file, YAML syntax) go to {@code problems} and null is returned. */
    public static ConfigNode load(Path file, ConfigProblems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            problems.error(new Location(file.toString(), 1, 1), "", "cannot read the file: " + e.getMessage());
            return null;
        }
        return parse(file.toString(), text, problems);
    }

    /**
     * Parses {@code text}, naming it {@code fileName} in locations. Returns null for a syntax error
     * (reported) and for an empty document (not reported: the caller decides whether that is fine).
     */
    public static ConfigNode parse(String fileName, String text, ConfigProblems problems) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true); // reported below, with both locations
        options.setMaxAliasesForCollections(50);
        Node root;
        try {
            root = new Composer(new ParserImpl(new StreamReader(text), options), new UntypedResolver(), options)
                    .getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            problems.error(at(fileName, mark), "", "not valid YAML: " + what);
            return null;
        } catch (YAMLException e) {
            problems.error(new Location(fileName, 1, 1), "", "not valid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            return null;
        }
        return convert(fileName, root, problems);
    }

    /**
     * Gives every node its plain tag: readers decide what a value means, so matching each scalar
     * against YAML's int/float/bool/timestamp patterns (and setting up a full {@code Yaml} object)
     * was start-up work for nothing.
     */
    private static final class UntypedResolver extends Resolver {
        @Override
        protected void addImplicitResolvers() {}
    }

    private static ConfigNode convert(String file, Node node, ConfigProblems problems) {
        Location loc = at(file, node.getStartMark());
        if (node instanceof org.yaml.snakeyaml.nodes.ScalarNode s) {
            boolean plain = s.getScalarStyle() == org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN;
            return new ScalarNode(s.getValue(), plain, loc);
        }
        if (node instanceof SequenceNode seq) {
            List<ConfigNode> items = new ArrayList<>();
            for (Node item : seq.getValue()) {
                items.add(convert(file, item, problems));
            }
            return new ListNode(items, loc);
        }
        MappingNode map = (MappingNode) node;
        Map<String, MapNode.Field> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            Location keyLoc = at(file, k.getStartMark());
            if (!(k instanceof org.yaml.snakeyaml.nodes.ScalarNode ks)) {
                problems.error(keyLoc, "", "a map key must be a plain string, not a list or map");
                continue;
            }
            String key = ks.getValue();
            MapNode.Field previous = fields.get(key);
            if (previous != null) {
                problems.error(
                        keyLoc,
                        "",
                        "key '" + key + "' appears twice (first at line "
                                + previous.keyLocation().line() + ")");
                continue;
            }
            fields.put(key, new MapNode.Field(key, keyLoc, convert(file, t.getValueNode(), problems)));
        }
        return new MapNode(fields, loc);
    }

    private static Location at(String file, Mark mark) {
        return mark == null ? new Location(file, 1, 1) : new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
