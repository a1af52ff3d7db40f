package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.format.DockerJsonLine;
import dev.ferry.pipeline.gotime.GoTimeFormat;

/**
 * {@code docker}: reads Docker's json-file format ({@code {"log":…,"stream":…,"time":…}}) as Alloy
 * does: the line becomes {@code log} (with its trailing newline), the time the entry's time when it
 * parses, {@code stream} a label, and {@code output}, {@code stream}, {@code timestamp} are
 * extracted. A line that is not such JSON passes unchanged (counted quietly).
 */
final class DockerStage implements Stage {
    record Config() implements StageConfig {
        static Config parse(StageArgs a) {
            if (!a.finish()) {
                return null;
            }
            return new Config();
        }

        @Override
        public String stageName() {
            return "docker";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new DockerStage(context);
        }
    }

    private final ProblemCounter notDocker;

    private DockerStage(StageContext context) {
        this.notDocker = context.quietProblems("not_docker_json");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        DockerJsonLine d = DockerJsonLine.parse(entry.line());
        if (d == null) {
            notDocker.report(entry.line());
            out.emit(entry);
            return;
        }
        entry.extracted().put("output", d.log());
        entry.extracted().put("stream", d.stream());
        entry.extracted().put("timestamp", d.time());
        entry.setLine(d.log());
        if (d.stream().isEmpty()) {
            entry.labels().remove("stream"); // an empty label value is no label in Loki
        } else {
            entry.labels().put("stream", d.stream());
        }
        long t = d.epochNanos();
        if (t != GoTimeFormat.FAILED) {
            entry.setTimestamp(t);
        }
        out.emit(entry);
    }
}
