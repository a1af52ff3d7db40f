package dev.ferry.agent.config;

import java.time.Duration;

/** The agent's own HTTP endpoint and logging: {@code server:} in the config. */
public record ServerConfig(
        String httpListenAddress,
        int httpListenPort,
        String logLevel,
        String logFormat,
        boolean readyRequiresKubernetes,
        Duration shutdownTimeout) {
    public static final ServerConfig DEFAULT =
            new ServerConfig("0.0.0.0", 9080, "info", "logfmt", false, Duration.ofSeconds(30));
}
