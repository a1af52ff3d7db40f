package dev.ferry.agent.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedMapsAndListsAreIndentedTwoSpacesPerLevel() {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("path", "/logs/a.log");
        target.put("read_offset", 120L);
        target.put("lag_seconds", 0.25);
        target.put("detached", false);
        target.put("last_error", null);
        target.put("labels", Map.of());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("ready", true);
        root.put("targets", List.of(target));
        root.put("loki", List.of());

        assertThat(JsonText.indented(root)).isEqualTo("""
                {
                  "ready": true,
                  "targets": [
                    {
                      "path": "/logs/a.log",
                      "read_offset": 120,
                      "lag_seconds": 0.25,
                      "detached": false,
                      "last_error": null,
                      "labels": {}
                    }
                  ],
                  "loki": []
                }""");
    }

    @Property(tries = 500)
    void anyStringReadsBackAsItself(@ForAll String key, @ForAll String value) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put(key, value);
        root.put("list", new ArrayList<>(Arrays.asList(value, null, 1.5e-7, Long.MIN_VALUE)));

        assertThat(JSON.readValue(JsonText.indented(root), Map.class)).isEqualTo(root);
    }
}
