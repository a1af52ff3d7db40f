package dev.ferry.agent.config;

import dev.ferry.agent.file.FileSourceConfig;
import dev.ferry.agent.kubernetes.KubernetesSourceConfig;
import java.nio.file.Path;

/** One entry of {@code sources:}: what to read and which pipeline its lines go through. */
public sealed interface SourceSpec {
    String name();

    String pipeline();

    /** A {@code file:} source: globs of host files. */
    record File(String name, String pipeline, FileSourceConfig config) implements SourceSpec {}

    /** A {@code kubernetes:} source: the node's pods, read through the API or from /var/log/pods. */
    record Kubernetes(String name, String pipeline, Mode mode, Path logRoot, KubernetesSourceConfig config)
            implements SourceSpec {}

    /** How a kubernetes source reads container logs. */
    enum Mode {
        /** {@code pods/log?follow=true}, as Alloy's loki.source.kubernetes. */
        API,
        /** The kubelet's CRI files under {@code log_root}. */
        FILES
    }
}
