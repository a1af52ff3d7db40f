package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Labels Loki would refuse are changed into ones it takes, keeping the line. */
class LabelFixTest {
    private static final LabelLimits LOKI = LabelLimits.LOKI_DEFAULTS;
    private static final LogEntry ENTRY =
            LogEntry.of(java.time.Instant.parse("2026-01-27T12:00:00Z"), "line", StructuredMetadata.of("msg", "hello"));

    @Test
    void labelsWithinTheLimitsAreAllowedAsTheyAre() {
        assertThat(LOKI.allow(Labels.of("app", "api", "level", "x".repeat(2048))))
                .isTrue();
        assertThat(LOKI.allow(Labels.of("app", "é".repeat(1024)))).isTrue(); // 2048 bytes
        assertThat(LOKI.allow(Labels.of("app", "é".repeat(1025)))).isFalse(); // 2050 bytes: Loki counts bytes
        assertThat(LOKI.allow(Labels.of("n".repeat(1025), "v"))).isFalse();
        assertThat(new LabelLimits(0, 0, 0, 0).allow(Labels.of("n".repeat(5000), "v")))
                .isTrue();
    }

    @Test
    void aValueTooLongMovesToStructuredMetadataCutToItsSizeLimit() {
        String level = "w".repeat(70_000); // a pino level that is not a level
        LabelFix fix = LabelFix.of(Labels.of("app", "api", "level", level), LOKI);

        assertThat(fix.fixed).isEqualTo(Labels.of("app", "api"));
        LogEntry fixed = fix.apply(ENTRY);
        assertThat(fixed.line()).isEqualTo("line");
        assertThat(fixed.metadata().toMap()).containsOnlyKeys("msg", "level").containsEntry("msg", "hello");
        assertThat(fixed.metadata().utf8Size()).isLessThanOrEqualTo(64 * 1024);
        assertThat(fixed.metadata().toMap().get("level")).startsWith("www").endsWith(LineTruncation.MARKER);
        assertThat(fix.count(LabelFix.Reason.VALUE_TOO_LONG)).isEqualTo(1);
    }

    @Test
    void aValueThatFitsTheMetadataLimitMovesWhole() {
        String value = "ü".repeat(1500); // 3000 bytes
        LabelFix fix = LabelFix.of(Labels.of("app", "api", "trace", value), LOKI);
        assertThat(fix.apply(ENTRY).metadata().toMap()).containsEntry("trace", value);
    }

    @Test
    void aNameTooLongIsDropped() {
        LabelFix fix = LabelFix.of(Labels.of("app", "api", "n".repeat(1025), "v"), LOKI);
        assertThat(fix.fixed).isEqualTo(Labels.of("app", "api"));
        assertThat(fix.apply(ENTRY).metadata().toMap()).containsOnlyKeys("msg");
        assertThat(fix.count(LabelFix.Reason.NAME_TOO_LONG)).isEqualTo(1);
    }

    @Test
    void pastFifteenLabelsTheFirstInLokisOrderStayAndTheRestMove() {
        Map<String, String> many = new TreeMap<>();
        for (int i = 0; i < 17; i++) {
            many.put(String.format("l%02d", i), "v" + i);
        }
        LabelFix fix = LabelFix.of(Labels.of(many), LOKI);
        assertThat(fix.fixed.size()).isEqualTo(15);
        assertThat(fix.fixed.name(14)).isEqualTo("l14");
        assertThat(fix.apply(ENTRY).metadata().toMap())
                .containsExactly(Map.entry("msg", "hello"), Map.entry("l15", "v15"), Map.entry("l16", "v16"));
        assertThat(fix.count(LabelFix.Reason.TOO_MANY_LABELS)).isEqualTo(2);
    }

    @Test
    void aStreamIsNeverLeftWithoutLabels() {
        LabelFix fix = LabelFix.of(Labels.of("level", "e".repeat(3000)), LOKI);
        assertThat(fix.fixed.size()).isEqualTo(1);
        assertThat(Utf8.length(fix.fixed.value(0))).isLessThanOrEqualTo(2048);
        assertThat(fix.fixed.value(0)).endsWith(LineTruncation.MARKER);
        assertThat(fix.apply(ENTRY)).isSameAs(ENTRY);
    }

    @Test
    void theEntrysOwnMetadataOfThatNameWins() {
        LabelFix fix = LabelFix.of(Labels.of("app", "api", "msg", "m".repeat(3000)), LOKI);
        assertThat(fix.apply(ENTRY).metadata().toMap()).containsExactly(Map.entry("msg", "hello"));
    }

    @Test
    void theFixIsWorkedOutOncePerLabelSet() {
        Labels labels = Labels.of("app", "api", "level", "w".repeat(3000));
        LabelFix first = LabelFix.of(labels, LOKI);
        assertThat(LabelFix.of(labels, LOKI)).isSameAs(first);
        assertThat(LabelFix.of(labels, new LabelLimits(1024, 4096, 15, 65536))).isNotSameAs(first);
    }
}
