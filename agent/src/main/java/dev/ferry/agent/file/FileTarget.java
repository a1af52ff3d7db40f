package dev.ferry.agent.file;

import dev.ferry.loki.Labels;

/**
 * One tailed file as the wiring sees it: its source, the path its lines were written under (kept when
 * the file is renamed, as Plex and logrotate do, so one file's lines keep one {@code filename}), and
 * its labels (the source's static labels plus {@code filename}). Created once per file.
 */
public record FileTarget(String source, String path, Labels labels) {}
