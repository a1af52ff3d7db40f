package dev.ferry.agent.config;

import dev.ferry.pipeline.config.ConfigNode;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.config.ListNode;
import dev.ferry.pipeline.config.Location;
import dev.ferry.pipeline.config.MapNode;
import dev.ferry.pipeline.config.ScalarNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The error for a config with no Loki endpoint and echo off: such an agent would read every line, send it nowhere
 * and save positions past it. The usual cause is an unset {@code ${LOKI_URL}}, so the error points at the empty url
 * and names the variable behind it.
 */
final class NoSink {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)\\}");
    private static final String WHY = " and echo is off: every entry would be read and thrown away; ";

    private NoSink() {}

    /**
     * Adds the error, unless an endpoint is missing for another reason (its own errors say why).
     *
     * @param text the config file as written, before {@code ${VAR}} expansion
     */
    static void report(
            ConfigNode root, ConfigNode lokiNode, String text, Map<String, String> env, ConfigProblems problems) {
        List<ConfigNode> endpoints = new ArrayList<>();
        if (lokiNode instanceof ListNode list) {
            for (int i = 0; i < list.size(); i++) {
                endpoints.add(list.get(i));
            }
        } else if (lokiNode instanceof MapNode) {
            endpoints.add(lokiNode);
        }
        if (endpoints.isEmpty()) {
            problems.error(
                    root.location(),
                    "",
                    "no sink: no loki endpoint" + WHY + "add one under loki (url: ${LOKI_URL}), or set echo: true"
                            + " to print entries instead");
            return;
        }
        for (ConfigNode endpoint : endpoints) {
            if (!(endpoint instanceof MapNode m) || !isBlank(m.get("url"))) {
                return; // an endpoint with an error, reported where it is
            }
        }
        MapNode first = (MapNode) endpoints.get(0);
        ConfigNode url = first.get("url");
        Location at = url != null ? url.location() : first.location();
        String variable = emptyVariable(text, at.line(), env);
        String because =
                variable == null ? "" : " (" + variable + (env.get(variable) == null ? " is not set)" : " is empty)");
        problems.error(
                at,
                "loki endpoint 1",
                "no sink: url is empty" + because + WHY + "set " + (variable == null ? "the url" : variable)
                        + ", or set echo: true to print entries instead");
    }

    private static boolean isBlank(ConfigNode url) {
        return url == null || (url instanceof ScalarNode s && s.text().isBlank());
    }

    /** The first variable written on that line that is unset or empty, or null. */
    private static String emptyVariable(String text, int line, Map<String, String> env) {
        String[] lines = text.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return null;
        }
        Matcher m = VARIABLE.matcher(lines[line - 1]);
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null || value.isEmpty()) {
                return m.group(1);
            }
        }
        return null;
    }
}
