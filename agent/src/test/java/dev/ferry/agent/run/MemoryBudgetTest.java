package dev.ferry.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.LokiClientConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1024 * 1024;

    private static LokiClientConfig endpoint(String name, long maxBuffered) {
        return LokiClientConfig.builder("http://loki:3100/loki/api/v1/push")
                .name(name)
                .maxBufferedBytes(maxBuffered)
                .build();
    }

    @Test
    void boundsThatFitInASixthOfTheHeapAreKept() {
        List<String> warnings = new ArrayList<>();
        List<LokiClientConfig> configs = List.of(endpoint("a", 16 * MIB), endpoint("b", 16 * MIB));
        assertThat(MemoryBudget.fit(configs, 192 * MIB, warnings, new ArrayList<>()))
                .isSameAs(configs);
        assertThat(warnings).isEmpty();
    }

    @Test
    void boundsThatDoNotFitAreScaledDownEvenlyAndSaidSo() {
        List<String> warnings = new ArrayList<>();
        List<LokiClientConfig> fitted = MemoryBudget.fit(
                List.of(endpoint("a", 64 * MIB), endpoint("b", 32 * MIB)), 288 * MIB, warnings, new ArrayList<>());
        assertThat(fitted).extracting(LokiClientConfig::maxBufferedBytes).containsExactly(32 * MIB, 16 * MIB);
        assertThat(warnings)
                .containsExactly(
                        "loki endpoint=a max_buffered_bytes=64.0MiB lowered to 32.0MiB because all endpoints' buffers must fit"
                                + " in a sixth of the JVM heap (max heap 288.0MiB); raise -Xmx or lower max_buffered_bytes",
                        "loki endpoint=b max_buffered_bytes=32.0MiB lowered to 16.0MiB because all endpoints' buffers must fit"
                                + " in a sixth of the JVM heap (max heap 288.0MiB); raise -Xmx or lower max_buffered_bytes");
    }

    @Test
    void defaultBoundsAreLoweredWithANoteNotAWarning() {
        List<String> warnings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<LokiClientConfig> fitted = MemoryBudget.fit(
                List.of(endpoint("a", LokiClientConfig.DEFAULT_MAX_BUFFERED_BYTES)), 48 * MIB, warnings, notes);
        assertThat(fitted.get(0).maxBufferedBytes()).isEqualTo(8 * MIB);
        assertThat(warnings).isEmpty();
        assertThat(notes).singleElement().asString().contains("lowered to 8.0MiB");
    }

    @Test
    void neverBelowTheBatchSize() {
        List<String> warnings = new ArrayList<>();
        LokiClientConfig fitted = MemoryBudget.fit(List.of(endpoint("a", 64 * MIB)), 2 * MIB, warnings, warnings)
                .get(0);
        assertThat(fitted.maxBufferedBytes()).isEqualTo(fitted.batchSizeBytes());
    }

    @Test
    void sizesAreWrittenInMibWithOneDecimalAsStringFormatWould() {
        for (long bytes : new long[] {0, 1, 52_428, 1_048_576, 1_100_000, 32_400_000, 67_108_864, 10_000_000_000L}) {
            assertThat(MemoryBudget.mib(bytes))
                    .as("%d", bytes)
                    .isEqualTo(String.format(java.util.Locale.ROOT, "%.1fMiB", bytes / (1024.0 * 1024.0)));
        }
    }
}
