package dev.ferry.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The collectors' counts and times, as /metrics shows them. */
class GcMetersTest {

    @Test
    void everyCollectorIsCountedAndACollectionShowsUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GcMeters.bindTo(registry);
        int collectors = ManagementFactory.getGarbageCollectorMXBeans().size();
        assertThat(registry.find("jvm.gc.collections").functionCounters()).hasSize(collectors);
        assertThat(registry.find("jvm.gc.collection.seconds").functionCounters())
                .hasSize(collectors);

        double before = total(registry, "jvm.gc.collections");
        System.gc();
        assertThat(total(registry, "jvm.gc.collections")).isGreaterThan(before);
        assertThat(total(registry, "jvm.gc.collection.seconds")).isGreaterThanOrEqualTo(0);
    }

    private static double total(SimpleMeterRegistry registry, String name) {
        return registry.find(name).functionCounters().stream()
                .mapToDouble(FunctionCounter::count)
                .sum();
    }
}
