package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.pipeline.TestPipeline;
import dev.ferry.pipeline.config.ConfigException;
import dev.ferry.pipeline.config.ConfigProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MetricsStageTest {
    /** Extracts {@code key=value} pairs of the line, so each case can feed values. */
    private static final String LOGFMT = "- logfmt: {regex: '.'}\n";

    private static double counter(TestPipeline p, String name) {
        Counter c = p.meters.find(name).counter();
        return c == null ? Double.NaN : c.count();
    }

    private static double gauge(TestPipeline p, String name) {
        Gauge g = p.meters.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    /** name, metric definitions, lines, meter name, expected value (NaN: no meter). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "match_all counts every entry",
                        "- counter: {name: lines_total, match_all: true, action: inc}",
                        List.of("a", "b", "c"),
                        "loki_process_custom_lines_total",
                        3.0),
                Arguments.of(
                        "count_entry_bytes adds UTF-8 bytes",
                        "- counter: {name: bytes_total, match_all: true, count_entry_bytes: true, action: add}",
                        List.of("ab", "é", "😀"),
                        "loki_process_custom_bytes_total",
                        8.0),
                Arguments.of(
                        "value: only entries whose source equals it",
                        "- counter: {name: errors_total, source: level, value: error, action: inc}",
                        List.of("level=error", "level=info", "level=error", "msg=x"),
                        "loki_process_custom_errors_total",
                        2.0),
                Arguments.of(
                        "add reads numbers and skips what is not one",
                        "- counter: {name: sent, source: bytes, action: add}",
                        List.of("bytes=10", "bytes=2.5", "bytes=abc", "bytes=-3", "bytes=1e2"),
                        "loki_process_custom_sent",
                        112.5),
                Arguments.of(
                        "source defaults to the name",
                        "- counter: {name: hits, action: add}",
                        List.of("hits=4", "other=1"),
                        "loki_process_custom_hits",
                        4.0),
                Arguments.of(
                        "no source value: no meter at all",
                        "- counter: {name: never, action: inc}",
                        List.of("other=1"),
                        "loki_process_custom_never",
                        Double.NaN),
                Arguments.of(
                        "custom prefix",
                        "- counter: {name: lines, prefix: myapp_, match_all: true, action: inc}",
                        List.of("a"),
                        "myapp_lines",
                        1.0),
                Arguments.of(
                        "match_all with add and no count_entry_bytes counts nothing, as in Alloy",
                        "- counter: {name: nothing, match_all: true, action: add}",
                        List.of("a"),
                        "loki_process_custom_nothing",
                        Double.NaN),
                Arguments.of(
                        "gauge set keeps the last value",
                        "- gauge: {name: depth, action: set}",
                        List.of("depth=3", "depth=7"),
                        "loki_process_custom_depth",
                        7.0),
                Arguments.of(
                        "gauge inc and dec ignore the value",
                        "- gauge: {name: up, source: x, action: inc}\n- gauge: {name: down, source: x, action: dec}",
                        List.of("x=5", "x=abc"),
                        "loki_process_custom_up",
                        2.0),
                Arguments.of(
                        "gauge add and sub",
                        "- gauge: {name: g, source: a, action: add}\n- gauge: {name: g2, source: a, action: sub}",
                        List.of("a=5", "a=-2"),
                        "loki_process_custom_g",
                        3.0),
                Arguments.of(
                        "gauge sub",
                        "- gauge: {name: g, source: a, action: sub}",
                        List.of("a=5", "a=-2"),
                        "loki_process_custom_g",
                        -3.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void updatesTheMeter(String name, String metrics, List<String> lines, String meter, double expected) {
        TestPipeline p = TestPipeline.of(LOGFMT + "- metrics:\n    metric:\n" + metrics.indent(6));
        assertThat(p.problems.errors()).isEmpty();
        lines.forEach(p::send);
        double actual = p.meters.find(meter).meter() instanceof Gauge ? gauge(p, meter) : counter(p, meter);
        assertThat(Double.compare(actual, expected))
                .as(actual + " is " + expected)
                .isZero();
        assertThat(p.lines()).containsExactlyElementsOf(lines);
    }

    /** The text of an extracted value, and the number a gauge set from it shows (NaN: refused). */
    static Stream<Arguments> numbers() {
        return Stream.of(
                Arguments.of("12", 12.0),
                Arguments.of("-0.5", -0.5),
                Arguments.of("+7", 7.0),
                Arguments.of("1e3", 1000.0),
                Arguments.of(".5", 0.5),
                Arguments.of("1.", 1.0),
                Arguments.of("0x1p-2", 0.25),
                Arguments.of("123456789012345678901234", 1.2345678901234568e23),
                Arguments.of("inf", Double.POSITIVE_INFINITY),
                Arguments.of("-Infinity", Double.NEGATIVE_INFINITY),
                Arguments.of("250ms", 0.25),
                Arguments.of("1h30m", 5400.0),
                Arguments.of("1.5µs", 1.5e-6),
                Arguments.of("-2s", -2.0),
                Arguments.of("true", 1.0),
                Arguments.of("false", 0.0),
                Arguments.of("NaN", Double.NaN),
                Arguments.of("1_000", Double.NaN),
                Arguments.of("1.5d", Double.NaN),
                Arguments.of("1e400", Double.NaN),
                Arguments.of("12abc", Double.NaN),
                Arguments.of("5", 5.0),
                Arguments.of("5x", Double.NaN),
                Arguments.of("s", Double.NaN),
                Arguments.of("-", Double.NaN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void readsValuesAsAlloyDoes(String text, double expected) {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^(?P<v>.*)$'}
                - metrics:
                    metric:
                      - gauge: {name: g, source: v, action: set}
                """);
        p.send(text);
        double actual = gauge(p, "loki_process_custom_g");
        assertThat(Double.compare(actual, expected))
                .as(actual + " is " + expected)
                .isZero();
        assertThat(p.problems("metrics", "not_a_number")).isEqualTo(Double.isNaN(expected) ? 1.0 : 0.0);
    }

    @Test
    void histogramObservesIntoTheGivenBuckets() {
        TestPipeline p = TestPipeline.of(LOGFMT + """
                - metrics:
                    metric:
                      - histogram: {name: took_ms, source: took, description: request time, buckets: [10, 100, 1000]}
                """);
        p.sendAll("took=10", "took=99", "took=250", "took=1000", "took=5000", "took=-1", "took=x");
        DistributionSummary s = p.meters.find("loki_process_custom_took_ms").summary();
        assertThat(s.count()).isEqualTo(5);
        assertThat(s.totalAmount()).isEqualTo(6359.0);
        CountAtBucket[] buckets = s.takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).map(b -> b.bucket() + ":" + b.count()))
                .containsExactly("10.0:1.0", "100.0:2.0", "1000.0:4.0");
        assertThat(s.getId().getDescription()).isEqualTo("request time");
        assertThat(p.problems("metrics", "negative_value")).isEqualTo(1.0);
        assertThat(p.problems("metrics", "not_a_number")).isEqualTo(1.0);
    }

    @Test
    void warnsThatBoundsThatAreNotWholeNumbersCountWrongly() {
        TestPipeline p = TestPipeline.of(LOGFMT + "- metrics: {metric: [{histogram: {name: h, buckets: [0.1, 1]}}]}");
        assertThat(p.problems.warnings())
                .extracting(ConfigProblem::toString)
                .anyMatch(w ->
                        w.contains("metric 1 (histogram): Micrometer rounds each observation up to a whole number"));
        p.send("h=0.05");
        CountAtBucket[] buckets =
                p.meters.find("loki_process_custom_h").summary().takeSnapshot().histogramCounts();
        assertThat(buckets[0].count())
                .as("Micrometer's rounding, which the warning is about")
                .isZero();
        assertThat(buckets[1].count()).isEqualTo(1.0);
    }

    @Test
    void tagsAreTheEntrysLabelsWhenItReachesTheStage() {
        TestPipeline p = TestPipeline.of("""
                - regex: {expression: '^(?P<level>\\w+)'}
                - labels: {values: {level: ''}}
                - metrics: {metric: [{counter: {name: lines_total, match_all: true, action: inc}}]}
                """);
        p.send("s1", Labels.of("namespace", "prod", "app", "api"), "info a");
        p.send("s1", Labels.of("namespace", "prod", "app", "api"), "info b");
        p.send("s2", Labels.of("namespace", "plex", "app", "plex", "filename", "/x.log"), "warn c");
        Map<String, Double> byTags = p.meters.find("loki_process_custom_lines_total").counters().stream()
                .collect(java.util.stream.Collectors.toMap(
                        c -> c.getId().getTags().toString(), Counter::count));
        assertThat(byTags)
                .containsOnly(
                        Map.entry("[tag(app=api), tag(level=info), tag(namespace=prod)]", 2.0),
                        Map.entry("[tag(app=plex), tag(filename=/x.log), tag(level=warn), tag(namespace=plex)]", 1.0));
    }

    @Test
    void emptyAndReservedLabelsAreNoTags() {
        TestPipeline p = TestPipeline.of("- metrics: {metric: [{counter: {name: c, match_all: true, action: inc}}]}");
        p.send("s1", Labels.of("app", "api", "__path__", "/x"), "a");
        p.send("s2", Labels.of("app", "api"), "b");
        List<Meter> meters =
                p.meters.find("loki_process_custom_c").meters().stream().toList();
        assertThat(meters).hasSize(1);
        assertThat(meters.get(0).getId().getTags().toString()).isEqualTo("[tag(app=api)]");
        assertThat(counter(p, "loki_process_custom_c")).isEqualTo(2.0);
    }

    @Test
    void stopsMakingSeriesPastMaxSeriesAndCountsWhatItRefused() {
        TestPipeline p = TestPipeline.of(
                "- metrics: {max_series: 2, metric: [{counter: {name: c, match_all: true, action: inc}}]}");
        for (String pod : List.of("a", "b", "c", "a", "d")) {
            p.send(pod, Labels.of("pod", pod), "x");
        }
        assertThat(p.meters.find("loki_process_custom_c").counters())
                .extracting(c -> c.getId().getTag("pod") + "=" + c.count())
                .containsExactlyInAnyOrder("a=2.0", "b=1.0");
        assertThat(p.problems("metrics", "series_limit")).isEqualTo(2.0);
        assertThat(p.lines()).hasSize(5);
    }

    @Test
    void idleSeriesAreRemovedAndMakeRoom() {
        TestPipeline p = TestPipeline.of("""
                - metrics:
                    max_series: 1
                    metric:
                      - counter: {name: c, match_all: true, action: inc, max_idle_duration: 1m}
                """);
        p.send("a", Labels.of("pod", "a"), "x");
        p.time.advance(Duration.ofSeconds(59));
        p.pipeline.tick();
        assertThat(p.meters.find("loki_process_custom_c").counters()).hasSize(1);
        p.time.advance(Duration.ofSeconds(1));
        p.pipeline.tick();
        assertThat(p.meters.find("loki_process_custom_c").counters()).isEmpty();
        p.send("b", Labels.of("pod", "b"), "x");
        assertThat(p.meters.find("loki_process_custom_c").counters())
                .extracting(c -> c.getId().getTag("pod") + "=" + c.count())
                .containsExactly("b=1.0");
        assertThat(p.problems("metrics", "series_limit")).isEqualTo(0.0);
    }

    @Test
    void aNameTakenByAnotherMeterTypeIsCountedNotThrown() {
        TestPipeline p = TestPipeline.of("- metrics: {metric: [{counter: {name: c, match_all: true, action: inc}}]}");
        p.meters.gauge(
                "loki_process_custom_c",
                List.of(
                        io.micrometer.core.instrument.Tag.of("app", "api"),
                        io.micrometer.core.instrument.Tag.of("namespace", "prod")),
                1.0);
        p.send("x");
        assertThat(p.lines()).containsExactly("x");
        assertThat(p.problems("metrics", "registration_failed")).isEqualTo(1.0);
    }

    static Stream<Arguments> configErrors() {
        return Stream.of(
                Arguments.of("- metrics: {max_series: 5}", "pipeline 'test', stage 1 (metrics): metric is required"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c}}]}",
                        "test.yaml:3:36: pipeline 'test', stage 1 (metrics): metric 1 (counter): action is required"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: set}}]}",
                        "metric 1 (counter): a counter's action must be 'inc' or 'add'"),
                Arguments.of(
                        "- metrics: {metric: [{gauge: {name: c, action: observe}}]}",
                        "metric 1 (gauge): action must be one of inc, add, set, dec, sub, got 'observe'"),
                Arguments.of(
                        "- metrics: {metric: [{summary: {name: c}}]}",
                        "metric 1: unknown metric type 'summary'; use counter, gauge or histogram"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: inc, match_all: true, value: x}}]}",
                        "metric 1 (counter): a counter takes either match_all or value, not both"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: inc, count_entry_bytes: true, match_all: true}}]}",
                        "metric 1 (counter): count_entry_bytes needs match_all: true and action: add"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: inc, max_idle_duration: 500ms}}]}",
                        "metric 1 (counter): max_idle_duration must be at least 1s"),
                Arguments.of(
                        "- metrics: {metric: [{histogram: {name: h}}]}",
                        "metric 1 (histogram): buckets is required: the histogram's upper bounds"),
                Arguments.of(
                        "- metrics: {metric: [{histogram: {name: h, buckets: [1, 0.5]}}]}",
                        "metric 1 (histogram): buckets must be in increasing order"),
                Arguments.of(
                        "- metrics: {metric: [{histogram: {name: h, buckets: [1, x]}}]}",
                        "metric 1 (histogram): buckets must hold numbers only"),
                Arguments.of(
                        "- metrics: {metric: [{histogram: {name: h, action: inc}}]}",
                        "metric 1 (histogram): a histogram has no action"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: 'bad-name', action: inc}}]}",
                        "metric 1 (counter): 'loki_process_custom_bad-name' is not a valid metric name"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: inc, sorce: x}}]}",
                        "metric 1 (counter): unknown key 'sorce' (did you mean 'source'?)"),
                Arguments.of(
                        "- metrics: {metric: [{counter: {name: c, action: inc}}, {gauge: {name: c, action: set}}]}",
                        "metric 'loki_process_custom_c' is defined twice"),
                Arguments.of(
                        "- metrics: {max_series: 0, metric: [{counter: {name: c, action: inc}}]}",
                        "max_series must be positive, got 0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configErrors")
    void rejectsBadConfig(String stages, String message) {
        try {
            TestPipeline p = TestPipeline.of(stages);
            assertThat(p.problems.errors()).extracting(ConfigProblem::toString).anyMatch(s -> s.contains(message));
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(message);
        }
    }

    @Test
    void warnsAboutAMatchAllAddThatNeverCounts() {
        TestPipeline p = TestPipeline.of("- metrics: {metric: [{counter: {name: c, match_all: true, action: add}}]}");
        assertThat(p.problems.warnings())
                .extracting(ConfigProblem::toString)
                .anyMatch(
                        s -> s.contains(
                                "metric 1 (counter): match_all with action add and no count_entry_bytes never counts anything"));
    }
}
