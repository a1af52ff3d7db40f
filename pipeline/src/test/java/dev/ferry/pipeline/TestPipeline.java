package dev.ferry.pipeline;

import dev.ferry.loki.Labels;
import dev.ferry.loki.PushOutcome;
import dev.ferry.pipeline.config.ConfigProblems;
import dev.ferry.pipeline.stage.PipelinesLoader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pipeline built from YAML for tests: a fake clock, a meter registry, and lists of what came out
 * and which tokens were acknowledged how.
 */
public final class TestPipeline {
    /** One acknowledgement the pipeline gave. */
    public record Ack(Object token, PushOutcome outcome) {}

    public static final Labels DEFAULT_LABELS = Labels.of("namespace", "prod", "app", "api");

    public final FakeTime time = new FakeTime();
    public final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    public final List<Entry> out = new ArrayList<>();
    public final List<Ack> acks = new ArrayList<>();
    public final ConfigProblems problems = new ConfigProblems();
    public final Pipeline pipeline;
    private int tokens;

    private TestPipeline(String name, String stagesYaml, MaxLineSize maxLineSize, PipelineObserver observer) {
        String yaml = "pipelines:\n  " + name + ":\n" + stagesYaml.indent(4);
        Map<String, PipelineSpec> specs = PipelinesLoader.parse("test.yaml", yaml, problems);
        PipelineFactory factory = new PipelineFactory(specs.get(name), meters, time, maxLineSize);
        pipeline = factory.newPipeline((token, outcome) -> acks.add(new Ack(token, outcome)), out::add, observer);
    }

    /** A pipeline of the stages in {@code stagesYaml} (a YAML list, unindented). */
    public static TestPipeline of(String stagesYaml) {
        return new TestPipeline("test", stagesYaml, MaxLineSize.UNLIMITED, null);
    }

    public static TestPipeline of(String stagesYaml, MaxLineSize maxLineSize) {
        return new TestPipeline("test", stagesYaml, maxLineSize, null);
    }

    public static TestPipeline of(String stagesYaml, PipelineObserver observer) {
        return new TestPipeline("test", stagesYaml, MaxLineSize.UNLIMITED, observer);
    }

    /** Sends a line on stream "s1" with {@link #DEFAULT_LABELS}, the clock's time and a fresh token "t1", "t2", …. */
    public TestPipeline send(String line) {
        return send("s1", DEFAULT_LABELS, line);
    }

    public TestPipeline send(Object stream, Labels labels, String line) {
        pipeline.process(new Entry(stream, labels, time.epochNanos(), line, "t" + (++tokens)));
        return this;
    }

    public TestPipeline sendAll(String... lines) {
        for (String l : lines) {
            send(l);
        }
        return this;
    }

    public List<String> lines() {
        return out.stream().map(Entry::line).toList();
    }

    public double dropped(String stage, String reason) {
        Counter c = meters.find(PipelineMetrics.DROPPED)
                .tags("stage", stage, "reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    public double problems(String stage, String reason) {
        Counter c = meters.find(PipelineMetrics.PROBLEMS)
                .tags("stage", stage, "reason", reason)
                .counter();
        return c == null ? 0 : c.count();
    }

    /** Every token acknowledged, each part of a joined token on its own. */
    public List<Object> ackedTokens() {
        return acks.stream().map(Ack::token).toList();
    }
}
