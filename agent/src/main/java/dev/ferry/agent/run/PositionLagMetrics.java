package dev.ferry.agent.run;

import dev.ferry.agent.file.FileSource;
import dev.ferry.agent.file.FileTargetStatus;
import dev.ferry.agent.kubernetes.KubernetesLogSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How far each source's saved position trails what it has read: bytes written but not yet
 * acknowledged for file sources, seconds between the newest line handed on and the newest one
 * acknowledged for Kubernetes API streams. Computed when scraped.
 */
final class PositionLagMetrics {
    private PositionLagMetrics() {}

    static void register(MeterRegistry meters, FileSource source) {
        Gauge.builder("ferry.positions.lag.bytes", source, PositionLagMetrics::lagBytes)
                .description("Bytes in the source's files beyond its saved (acknowledged) positions")
                .tag("source", source.name())
                .baseUnit("bytes")
                .strongReference(true)
                .register(meters);
    }

    static void register(MeterRegistry meters, KubernetesLogSource source) {
        Gauge.builder("ferry.positions.lag.seconds", source, PositionLagMetrics::lagSeconds)
                .description(
                        "Largest gap, over the source's containers, between the newest line handed on and the newest acknowledged")
                .tag("source", source.config().name())
                .baseUnit("seconds")
                .strongReference(true)
                .register(meters);
    }

    private static double lagBytes(FileSource source) {
        long lag = 0;
        for (FileTargetStatus t : source.status()) {
            lag += t.lagBytes();
        }
        return lag;
    }

    private static double lagSeconds(KubernetesLogSource source) {
        long worst = 0;
        for (KubernetesLogSource.TargetStatus t : source.targets()) {
            if (t.sent() != null) {
                long acked =
                        t.acked() == null ? t.sent().epochNanos() : t.acked().epochNanos();
                worst = Math.max(worst, t.sent().epochNanos() - acked);
            }
        }
        return worst / 1e9;
    }
}
