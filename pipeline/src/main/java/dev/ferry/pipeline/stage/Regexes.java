package dev.ferry.pipeline.stage;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.ferry.pipeline.config.InvalidFieldException;

/** Compiling users' RE2 expressions with an error that names the field. */
final class Regexes {
    private Regexes() {}

    static Pattern compile(String field, String expression) {
        if (expression == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new InvalidFieldException(
                    field, field + " does not compile: " + e.getDescription() + " in `" + expression + "`");
        }
    }
}
