package dev.ferry.agent.run;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Each garbage collector's collections and time, read from its management bean when /metrics is
 * scraped. Micrometer's JvmGcMetrics listens to a notification per collection instead, which the
 * JVM builds on its notification thread after every pause: about 2% of the seed workload's CPU
 * with the serial collector's frequent young collections.
 */
public final class GcMeters {
    private GcMeters() {}

    /** Registers {@code jvm_gc_collections_total} and {@code jvm_gc_collection_seconds_total} per collector. */
    public static void bindTo(MeterRegistry registry) {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            FunctionCounter.builder("jvm.gc.collections", gc, GarbageCollectorMXBean::getCollectionCount)
                    .tag("gc", gc.getName())
                    .description("Collections this collector has run since the JVM started")
                    .register(registry);
            FunctionCounter.builder("jvm.gc.collection.seconds", gc, b -> b.getCollectionTime() / 1000.0)
                    .tag("gc", gc.getName())
                    .description("Time this collector has spent collecting (its pauses, for the serial collector)")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }
}
