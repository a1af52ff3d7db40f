package dev.ferry.agent.kubernetes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * The Kubernetes source's meters. Tags: {@code source} (the configured name) and small fixed sets
 * ({@code reason}, {@code operation}); never pod or container names.
 */
final class KubernetesSourceMetrics {
    final Counter linesRead;
    final Counter bytesRead;
    final Counter linesSkipped;
    final Counter linesTruncated;
    final Counter linesWithoutTimestamp;
    final Counter partialsUnterminated;
    final Counter discoveryErrors;
    final Counter logErrors;
    final Counter streamsNew;
    final Counter streamsResumed;
    final Counter streamsRestarted;
    final Counter streamsPrevious;
    final Counter streamsRewound;

    <T> KubernetesSourceMetrics(
            MeterRegistry registry,
            String source,
            T state,
            ToDoubleFunction<T> podsFollowed,
            ToDoubleFunction<T> containersFollowed,
            KubernetesApiStatus api) {
        linesRead = Counter.builder("ferry.kubernetes.lines.read")
                .description("Log lines read from the Kubernetes API, replayed ones included")
                .tag("source", source)
                .register(registry);
        bytesRead = Counter.builder("ferry.kubernetes.bytes.read")
                .description("Bytes of log line content read from the Kubernetes API")
                .baseUnit("bytes")
                .tag("source", source)
                .register(registry);
        linesSkipped = skipped(registry, source, "replayed");
        linesTruncated = skipped(registry, source, "truncated");
        linesWithoutTimestamp = skipped(registry, source, "no_timestamp");
        partialsUnterminated = skipped(registry, source, "partial_unterminated");
        discoveryErrors = apiErrors(registry, source, "discovery");
        logErrors = apiErrors(registry, source, "log");
        streamsNew = streams(registry, source, "new");
        streamsResumed = streams(registry, source, "resume");
        streamsRestarted = streams(registry, source, "restart");
        streamsPrevious = streams(registry, source, "previous");
        streamsRewound = streams(registry, source, "rewind");
        Gauge.builder("ferry.kubernetes.pods.followed", state, podsFollowed)
                .description("Pods with at least one container log being followed")
                .tag("source", source)
                .register(registry);
        Gauge.builder("ferry.kubernetes.containers.followed", state, containersFollowed)
                .description("Container logs being followed")
                .tag("source", source)
                .register(registry);
        // the gauge holds its object weakly: pass the long-lived status itself, not a lambda around it
        Gauge.builder("ferry.kubernetes.api.reachable", api, s -> s.snapshot().reachable() ? 1 : 0)
                .description("1 when the Kubernetes API answered the last pod list or watch, else 0")
                .tag("source", source)
                .register(registry);
    }

    /**
     * Lines counted apart from the plain count: replayed ones skipped, cut ones, ones without a kubelet
     * timestamp (or, in files mode, without a CRI or Docker header), partial lines released without
     * their last part (files mode).
     */
    private static Counter skipped(MeterRegistry registry, String source, String reason) {
        return Counter.builder("ferry.kubernetes.lines.special")
                .description("Lines skipped as replayed, truncated at the line limit, without a timestamp,"
                        + " or partial lines released without their end")
                .tag("source", source)
                .tag("reason", reason)
                .register(registry);
    }

    private static Counter apiErrors(MeterRegistry registry, String source, String operation) {
        return Counter.builder("ferry.kubernetes.api.errors")
                .description("Failed Kubernetes API calls: pod list/watch (discovery) and log streams (log)")
                .tag("source", source)
                .tag("operation", operation)
                .register(registry);
    }

    private static Counter streams(MeterRegistry registry, String source, String reason) {
        return Counter.builder("ferry.kubernetes.streams.started")
                .description("Log streams opened: new container, resume after a break, restarted container,"
                        + " previous instance, re-read after a failed send")
                .tag("source", source)
                .tag("reason", reason)
                .register(registry);
    }
}
