package dev.ferry.agent.kubernetes;

import dev.ferry.agent.relabel.RelabelRule;
import java.time.Duration;
import java.util.List;

/**
 * Configuration of one {@code kubernetes} source in {@code api} mode. Null fields take defaults;
 * everything is checked here, with messages that name the source and the field.
 *
 * @param name the source's name in the config; a metric tag and a prefix of log lines
 * @param nodeName only pods scheduled on this node (normally {@code ${NODE_NAME}}); null or blank for
 *     all pods, for runs on a laptop
 * @param relabelRules applied to each container's {@code __meta_kubernetes_*} labels
 * @param maxLineBytes longer lines are cut here; default 256 KiB
 * @param minBackoff first wait before a broken log stream is opened again; default 500 ms
 * @param maxBackoff longest such wait; default 30 s
 */
public record KubernetesSourceConfig(
        String name,
        String nodeName,
        List<RelabelRule> relabelRules,
        Integer maxLineBytes,
        Duration minBackoff,
        Duration maxBackoff) {

    public static final int DEFAULT_MAX_LINE_BYTES = 256 * 1024;

    public KubernetesSourceConfig {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("kubernetes source: 'name' is required");
        }
        String where = "kubernetes source '" + name + "': ";
        nodeName = nodeName == null || nodeName.isBlank() ? null : nodeName.strip();
        relabelRules = relabelRules == null ? List.of() : List.copyOf(relabelRules);
        maxLineBytes = maxLineBytes == null ? DEFAULT_MAX_LINE_BYTES : maxLineBytes;
        minBackoff = minBackoff == null ? Duration.ofMillis(500) : minBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        if (maxLineBytes < 1024 || maxLineBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    where + "'max_line_bytes' must be between 1024 and 67108864, got " + maxLineBytes);
        }
        if (minBackoff.isNegative() || minBackoff.isZero()) {
            throw new IllegalArgumentException(where + "'min_backoff' must be positive, got " + minBackoff);
        }
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(
                    where + "'max_backoff' (" + maxBackoff + ") must not be below 'min_backoff' (" + minBackoff + ")");
        }
    }

    /** A source with defaults for everything but its name, node and rules. */
    public static KubernetesSourceConfig of(String name, String nodeName, List<RelabelRule> rules) {
        return new KubernetesSourceConfig(name, nodeName, rules, null, null, null);
    }
}
