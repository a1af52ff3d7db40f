package dev.ferry.agent.positions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PositionsFileTest {
    static final long SEEN = Instant.parse("2026-01-27T12:39:48Z").toEpochMilli();

    @Test
    void writesOneBlockPerTargetKeysPlainWhereTheyCanBeAndEveryValueQuoted() {
        SavedPosition syslog = new SavedPosition(
                "64769:2", 512, 0, Map.of("path", "/var/log/syslog", "fingerprint", "1024:0b7e11aa"), SEEN);
        SavedPosition pod = new SavedPosition("default/api-0/app", 7, -42, Map.of("odd key", "\"\\\n"), SEEN);
        String text = PositionsFile.write(Map.of("host", Map.of(syslog.key(), syslog), "pods", Map.of(pod.key(), pod)));

        assertThat(text).isEqualTo("""
                # Ferry positions: where each source resumes. Rewritten by Ferry as Loki acknowledges lines.
                version: 1
                sources:
                  host:
                  - key: "64769:2"
                    position: 512
                    seen: "2026-01-27T12:39:48Z"
                    attributes:
                      fingerprint: "1024:0b7e11aa"
                      path: "/var/log/syslog"
                  pods:
                  - key: "default/api-0/app"
                    position: 7
                    aux: -42
                    seen: "2026-01-27T12:39:48Z"
                    attributes:
                      "odd key": "\\"\\\\\\n"
                """);
    }

    @Test
    void emptySourcesAndSourcesWithoutTargetsReadBack() {
        assertThat(PositionsFile.read(PositionsFile.write(Map.of()), 0)).isEmpty();
        assertThat(PositionsFile.read(PositionsFile.write(Map.of("plex", Map.of())), 0))
                .isEqualTo(Map.of("plex", Map.of()));
    }

    @Test
    void readsFlowStyleQuotedKeysAndPlainTimes() {
        String text = """
                version: 1
                sources:
                  "plex": [{key: "2049:131077", position: 18244, attributes: {"path": "/var/log/p.log"}}]
                  pods:
                  - {key: default/api-0/app, position: 7, aux: -42, seen: 2026-01-27T12:39:48Z}
                """;
        Map<String, Map<String, SavedPosition>> read = PositionsFile.read(text, 1);

        assertThat(read.get("plex").get("2049:131077"))
                .isEqualTo(new SavedPosition("2049:131077", 18244, 0, Map.of("path", "/var/log/p.log"), 1));
        assertThat(read.get("pods").get("default/api-0/app"))
                .isEqualTo(new SavedPosition("default/api-0/app", 7, -42, Map.of(), SEEN));
    }

    @Test
    void aBadFieldIsNamedWithItsPlace() {
        assertThatThrownBy(
                        () -> PositionsFile.read("version: 1\nsources:\n  plex:\n  - {key: a, position: \"12\"}\n", 0))
                .hasMessage("sources.plex[0].position: missing or not a whole number");
        assertThatThrownBy(() -> PositionsFile.read(
                        "version: 1\nsources:\n  plex:\n  - {key: a, position: 99999999999999999999}\n", 0))
                .hasMessage("sources.plex[0].position: missing or not a whole number");
        assertThatThrownBy(() -> PositionsFile.read("version: 1\nsources:\n  plex:\n  - {position: 1}\n", 0))
                .hasMessage("sources.plex[0].key: missing or not a string");
        assertThatThrownBy(() -> PositionsFile.read(
                        "version: 1\nsources:\n  plex:\n  - {key: a, position: 1, attributes: {path: [1]}}\n", 0))
                .hasMessage("sources.plex[0].attributes.path: expected a string");
        assertThatThrownBy(() -> PositionsFile.read("version: 1\nsources: {a: [], a: []}\n", 0))
                .hasMessageStartingWith("positions.yaml:2:18: key 'a' appears twice");
        assertThatThrownBy(() -> PositionsFile.read("version: 1\nsources: [unclosed\n", 0))
                .hasMessageStartingWith("positions.yaml:3:1: not valid YAML");
    }

    @Property(tries = 300)
    void whateverIsWrittenReadsBackTheSame(@ForAll("sources") Map<String, Map<String, SavedPosition>> sources) {
        assertThat(PositionsFile.read(PositionsFile.write(sources), 0)).isEqualTo(sources);
    }

    @Provide
    Arbitrary<Map<String, Map<String, SavedPosition>>> sources() {
        // any characters: controls, quotes, backslashes, line separators, BOM, lone surrogates, pairs
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(12);
        Arbitrary<SavedPosition> position = Combinators.combine(
                        text.filter(s -> !s.isEmpty()),
                        Arbitraries.longs().greaterOrEqual(0),
                        Arbitraries.longs(),
                        Arbitraries.maps(text, text).ofMaxSize(3),
                        Arbitraries.longs().between(0, 4102444800000L))
                .as(SavedPosition::new);
        Arbitrary<Map<String, SavedPosition>> targets = position.list()
                .ofMaxSize(3)
                .map(list -> {
                    Map<String, SavedPosition> byKey = new TreeMap<>();
                    list.forEach(p -> byKey.put(p.key(), p));
                    return byKey;
                });
        return Arbitraries.maps(text, targets).ofMaxSize(3);
    }
}
