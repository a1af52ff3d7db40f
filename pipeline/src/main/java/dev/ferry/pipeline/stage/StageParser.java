package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.StageConfig;

/** Reads one stage's YAML arguments into its validated config; see {@link StageRegistry}. */
@FunctionalInterface
public interface StageParser {
    /**
     * Reads every argument from {@code args}, calls {@link StageArgs#finish()}, and builds the config
     * through {@link StageArgs#build}. Returns null when an error was reported.
     */
    StageConfig parse(StageArgs args);
}
