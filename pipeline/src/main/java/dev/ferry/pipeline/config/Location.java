package dev.ferry.pipeline.config;

/** Where a config value was written: file, 1-based line and column. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
