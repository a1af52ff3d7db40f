package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.config.InvalidFieldException;
import dev.ferry.pipeline.gotemplate.GoTemplate;
import dev.ferry.pipeline.gotemplate.TemplateException;
import dev.ferry.pipeline.gotemplate.TemplateFields;

/** Compiling users' Go templates with an error that names the field, and the data they read. */
final class Templates {
    private Templates() {}

    static GoTemplate compile(String field, String template) {
        if (template == null) {
            throw new InvalidFieldException(field, field + " is required");
        }
        try {
            return GoTemplate.parse(template);
        } catch (TemplateException e) {
            throw new InvalidFieldException(field, field + " does not parse: " + e.getMessage());
        }
    }

    /**
     * What a template sees, as in Alloy: every extracted value by name, {@code .Value} = the
     * extracted value {@code source} (when present) and {@code .Entry} = the line. Reused per stage
     * instance: {@link #reset} points it at the next entry.
     */
    static final class Data implements TemplateFields {
        private final boolean withEntry;
        private Entry entry;
        private String value;

        /** {@code withEntry}: whether {@code .Entry} is the line (template) or not (replace). */
        Data(boolean withEntry) {
            this.withEntry = withEntry;
        }

        Data reset(Entry entry, String value) {
            this.entry = entry;
            this.value = value;
            return this;
        }

        @Override
        public String get(String name) {
            if (withEntry && name.equals("Entry")) {
                return entry.line();
            }
            if (name.equals("Value") && value != null) {
                return value;
            }
            return entry.extracted().get(name);
        }
    }
}
