package dev.ferry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** FieldMap behaves as an insertion-ordered map, also for names whose hashes collide. */
class FieldMapTest {
    @Test
    void namesWithTheSameHashStayApart() {
        // "Aa" and "BB" have the same String hash, as do "AaAa", "AaBB", "BBAa" and "BBBB"
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        FieldMap m = new FieldMap();
        m.put("Aa", "1");
        m.put("BB", "2");
        m.put("AaBB", "3");
        m.put("BBAa", "4");
        m.put(new String("Aa"), "5"); // equal but not the same instance: replaces, keeps its place

        assertThat(m.toMap())
                .containsExactly(
                        Map.entry("Aa", "5"), Map.entry("BB", "2"), Map.entry("AaBB", "3"), Map.entry("BBAa", "4"));
        assertThat(m.get("BB")).isEqualTo("2");
        assertThat(m.get("BBBB")).isNull();
        assertThat(m.remove("BB")).isTrue();
        assertThat(m.get("BB")).isNull();
        assertThat(m.get("AaBB")).isEqualTo("3");
        assertThat(m.get("BBAa")).isEqualTo("4");
        assertThat(m.remove("BB")).isFalse();
    }

    @Test
    void agreesWithLinkedHashMapOverRandomOperations() {
        Random random = new Random(7);
        String[] names = {"Aa", "BB", "AaAa", "BBBB", "level", "msg", "module", "time", "app", "namespace"};
        FieldMap m = new FieldMap();
        Map<String, String> reference = new LinkedHashMap<>();
        for (int step = 0; step < 5_000; step++) {
            String name = new String(names[random.nextInt(names.length)]);
            switch (random.nextInt(5)) {
                case 0, 1 -> {
                    String v = Integer.toString(step);
                    m.put(name, v);
                    reference.put(name, v);
                }
                case 2 -> assertThat(m.remove(name)).isEqualTo(reference.remove(name) != null);
                case 3 -> {
                    FieldMap copy = m.copy();
                    assertThat(copy.toMap()).containsExactlyEntriesOf(reference);
                }
                default -> assertThat(m.get(name)).isEqualTo(reference.get(name));
            }
            assertThat(m.size()).isEqualTo(reference.size());
            if (random.nextInt(200) == 0) {
                m.clear();
                reference.clear();
            }
        }
        assertThat(m.toMap()).containsExactlyEntriesOf(reference);
    }

    @Test
    void setAllStartsFromTheLabelsAndFindsThem() {
        FieldMap m = new FieldMap();
        m.put("stale", "x");
        m.setAll(LabelMap.of(dev.ferry.loki.Labels.of("app", "api", "namespace", "prod")));

        assertThat(m.contains("stale")).isFalse();
        assertThat(m.get(new String("app"))).isEqualTo("api");
        m.put("namespace", "dev");
        assertThat(m.get("namespace")).isEqualTo("dev");
        assertThat(m.size()).isEqualTo(2);
    }
}
