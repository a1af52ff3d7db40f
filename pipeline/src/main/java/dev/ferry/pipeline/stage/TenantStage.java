package dev.ferry.pipeline.stage;

import dev.ferry.pipeline.Emitter;
import dev.ferry.pipeline.Entry;
import dev.ferry.pipeline.Stage;
import dev.ferry.pipeline.StageConfig;
import dev.ferry.pipeline.StageContext;
import dev.ferry.pipeline.config.InvalidFieldException;

/**
 * {@code tenant}: sends the entry to another Loki tenant, taken from exactly one of: {@code value}
 * (fixed), {@code source} (an extracted value) or {@code label} (a label). As in Alloy, a missing or
 * empty value leaves the tenant as it was.
 */
final class TenantStage implements Stage {
    record Config(String label, String source, String value) implements StageConfig {
        Config {
            int given = (label != null ? 1 : 0) + (source != null ? 1 : 0) + (value != null ? 1 : 0);
            if (given != 1) {
                throw new InvalidFieldException(
                        null, "exactly one of label, source and value is required, got " + given);
            }
        }

        static Config parse(StageArgs a) {
            String label = a.string("label");
            String source = a.string("source");
            String value = a.string("value");
            if (!a.finish()) {
                return null;
            }
            return a.build(() -> new Config(empty(label), empty(source), empty(value)));
        }

        private static String empty(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        @Override
        public String stageName() {
            return "tenant";
        }

        @Override
        public Stage newStage(StageContext context) {
            return new TenantStage(this);
        }
    }

    private final Config config;

    private TenantStage(Config config) {
        this.config = config;
    }

    @Override
    public void process(Entry entry, Emitter out) {
        String tenant;
        if (config.value() != null) {
            tenant = config.value();
        } else if (config.source() != null) {
            tenant = entry.extracted().get(config.source());
        } else {
            tenant = entry.labels().get(config.label());
        }
        if (tenant != null && !tenant.isEmpty()) {
            entry.setTenant(tenant);
        }
        out.emit(entry);
    }
}
