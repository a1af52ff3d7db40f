package dev.ferry.agent.config;

import java.nio.file.Path;
import java.time.Duration;

/** Where and how often read positions are saved, and how long a gone target's position is kept. */
public record PositionsConfig(Path directory, Duration syncPeriod, Duration forgetAfter) {}
