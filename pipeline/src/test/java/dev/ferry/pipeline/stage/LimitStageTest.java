package dev.ferry.pipeline.stage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.TestPipeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitStageTest {
    @Test
    void dropsWhatExceedsRateAndBurst() {
        TestPipeline p = TestPipeline.of("- limit: {rate: 2, burst: 3, drop: true}");
        p.sendAll("1", "2", "3", "4");
        assertThat(p.lines()).containsExactly("1", "2", "3");
        assertThat(p.acks).containsExactly(new TestPipeline.Ack("t4", PushOutcome.DROPPED));
        assertThat(p.dropped("limit", "ratelimit_drop_stage")).isEqualTo(1.0);

        p.time.advance(Duration.ofMillis(500)); // one token at 2/s
        p.sendAll("5", "6");
        assertThat(p.lines()).containsExactly("1", "2", "3", "5");
    }

    @Test
    void withoutDropTheCallerWaitsForItsTurn() {
        TestPipeline p = TestPipeline.of("- limit: {rate: 10, burst: 1}");
        p.sendAll("1", "2", "3");
        assertThat(p.lines()).containsExactly("1", "2", "3");
        assertThat(p.time.slept()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void byLabelNameGivesEachValueItsOwnBudgetAndLeavesUnlabelledEntriesAlone() {
        TestPipeline p = TestPipeline.of("- limit: {rate: 1, burst: 1, drop: true, by_label_name: app}");
        p.send("s", Labels.of("app", "a"), "a1");
        p.send("s", Labels.of("app", "b"), "b1");
        p.send("s", Labels.of("app", "a"), "a2");
        p.send("s", Labels.of("other", "x"), "n1");
        p.send("s", Labels.of("other", "x"), "n2");
        assertThat(p.lines()).containsExactly("a1", "b1", "n1", "n2");
    }

    @Test
    void theBudgetIsSharedByEveryPipelineOfTheConfig() {
        // Alloy limits a whole loki.process component; Ferry's pipelines of one config share the budget.
        var problems = new dev.ferry.pipeline.config.ConfigProblems();
        var spec = PipelinesLoader.parse(
                        "c.yaml", "pipelines:\n  p:\n    - limit: {rate: 1, burst: 2, drop: true}\n", problems)
                .get("p");
        var time = new dev.ferry.pipeline.FakeTime();
        var factory = new dev.ferry.pipeline.PipelineFactory(
                spec,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                time,
                dev.ferry.pipeline.MaxLineSize.UNLIMITED);
        var out = new java.util.ArrayList<String>();
        var one = factory.newPipeline((t, o) -> {}, e -> out.add(e.line()));
        var two = factory.newPipeline((t, o) -> {}, e -> out.add(e.line()));
        one.process(new dev.ferry.pipeline.Entry("a", TestPipeline.DEFAULT_LABELS, 0, "a1", null));
        two.process(new dev.ferry.pipeline.Entry("b", TestPipeline.DEFAULT_LABELS, 0, "b1", null));
        two.process(new dev.ferry.pipeline.Entry("b", TestPipeline.DEFAULT_LABELS, 0, "b2", null));
        assertThat(out).containsExactly("a1", "b1");
    }
}
