package dev.ferry.agent.config;

import java.time.Duration;

/**
 * The agent's own HTTP endpoint and logging: {@code server:} in the config. {@code shutdown_timeout}
 * (default 20s) must stay below the pod's terminationGracePeriodSeconds (the chart's is 30), or the
 * kubelet kills the agent while it drains.
 */
public record ServerConfig(
        String httpListenAddress,
        int httpListenPort,
        String logLevel,
        String logFormat,
        boolean readyRequiresKubernetes,
        Duration shutdownTimeout) {
    public static final ServerConfig DEFAULT =
            new ServerConfig("0.0.0.0", 9080, "info", "logfmt", false, Duration.ofSeconds(20));
}
