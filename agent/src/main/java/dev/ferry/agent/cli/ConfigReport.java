package dev.ferry.agent.cli;

import dev.ferry.agent.config.AgentConfig;
import dev.ferry.agent.config.AgentConfigLoader;
import dev.ferry.pipeline.config.ConfigProblem;
import dev.ferry.pipeline.config.ConfigProblems;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/** Loads a config for a command and prints its problems the way users read them. */
final class ConfigReport {
    private ConfigReport() {}

    /**
     * The config, or null after printing every error to {@code err}. Warnings are printed either way.
     *
     * @param sinkRequired whether a config with no Loki url and no echo is an error (it is for run and check)
     */
    static AgentConfig load(Path file, Map<String, String> env, PrintStream err, boolean sinkRequired) {
        ConfigProblems problems = new ConfigProblems();
        AgentConfig config = new AgentConfigLoader(env, sinkRequired).load(file, problems);
        for (ConfigProblem p : problems.warnings()) {
            err.println(p);
        }
        if (config == null) {
            for (ConfigProblem p : problems.errors()) {
                err.println(p);
            }
            int n = problems.errorCount();
            err.println(file + ": " + n + (n == 1 ? " error" : " errors") + "; nothing was started");
        }
        return config;
    }
}
