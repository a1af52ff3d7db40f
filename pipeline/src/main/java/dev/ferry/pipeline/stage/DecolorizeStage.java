package dev.ferry.pipeline.stage;

import com.google.re2j.Pattern;
import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;

/**
 * {@code decolorize}: removes ANSI escape sequences (colours, cursor moves) from the line with Loki's
 * own pattern. Lines without an escape character (nearly all) are passed without running the regex.
 */
final class DecolorizeStage implements Stage {
    /** Loki's (from acarl005/stripansi). */
    static final Pattern ANSI =
            Pattern.compile("[\u001B\u009B][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z\\d]*(?:;[a-zA-Z\\d]*)*)?\u0007)"
                    + "|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?[\\dA-PRZcf-ntqry=><~]))");

    record Config() implements StageConfig {
        static Config parse(StageArgs a) {
            if (!a.finish()) {
                return null;
            }
            return new Config();
        }

        @Override
        public String stageName() {
            return "decolorize";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new DecolorizeStage();
        }
    }

    private final com.google.re2j.Matcher matcher = ANSI.matcher("");

    @Override
    public void process(Entry entry, Emitter out) {
        String line = entry.line();
        if (hasEscape(line)) {
            entry.setLine(matcher.reset(line).replaceAll(""));
        }
        out.emit(entry);
    }

    private static boolean hasEscape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u001B' || c == '\u009B') {
                return true;
            }
        }
        return false;
    }
}
