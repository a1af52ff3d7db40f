package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.ProblemCounter;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.gotemplate.GoTemplate;

/**
 * {@code template}: sets the extracted value {@code source} to the output of a Go template (see
 * {@link GoTemplate} for the supported subset) that reads every extracted value, {@code .Value} (the
 * current value of {@code source}) and {@code .Entry} (the line). As in Alloy: an empty output
 * removes {@code source}; a template that fails on this entry (e.g. {@code ToLower} of a missing
 * value) changes nothing and is counted; a missing {@code .Value} prints {@code <no value>}.
 */
final class TemplateStage implements Stage {
    record Config(String source, GoTemplate template) implements StageConfig {
        Config {
            if (source == null || source.isEmpty()) {
                throw new InvalidFieldException("source", "source is required: the extracted value to set");
            }
            if (template == null) {
                throw new InvalidFieldException("template", "template is required");
            }
        }

        static Config parse(StageArgs a) {
            String source = a.requiredString("source");
            String template = a.string("template");
            if (template == null) {
                a.error("template", "template is required");
            }
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(source, Templates.compile("template", template)));
        }

        @Override
        public String stageName() {
            return "template";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new TemplateStage(this, context);
        }
    }

    private final String source;
    private final GoTemplate template;
    private final Templates.Data data = new Templates.Data(true);
    private final StringBuilder buffer = new StringBuilder(64);
    private final ProblemCounter failures;

    private TemplateStage(Config config, StageContext context) {
        this.source = config.source();
        this.template = config.template();
        this.failures = context.quietProblems("template_failed");
    }

    @Override
    public void process(Entry entry, Emitter out) {
        buffer.setLength(0);
        if (template.execute(data.reset(entry, entry.extracted().get(source)), buffer)) {
            if (buffer.isEmpty()) {
                entry.extracted().remove(source);
            } else {
                entry.extracted().put(source, buffer.toString());
            }
        } else {
            failures.report(source);
        }
        out.emit(entry);
    }
}
