package dev.ferry.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.slf4j.event.Level;

/** Whatever a message holds, an event stays one line and the JSON form keeps all of the message's text. */
class EventLinePropertyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000)
    void everyEventIsOneLine(
            @ForAll
                    @StringLength(max = 60)
                    @Chars({' ', '=', '"', '\\', '\n', '\r', '\t', '\u2028', '\u0085', 'é'})
                    @CharRange(from = 'a', to = 'c')
                    String message)
            throws Exception {
        for (LogFormat format : LogFormat.values()) {
            String line = EventLine.render(
                    0L, Level.INFO, "A", message, List.of(), null, new LogSettings(Level.INFO, format));

            assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
            assertThat(line).doesNotContain("\r", "\u2028", "\u0085");
        }
        String json = EventLine.render(
                0L, Level.INFO, "A", message, List.of(), null, new LogSettings(Level.INFO, LogFormat.JSON));
        JsonNode node = JSON.readTree(json);
        // no text is lost: msg, keys and values hold every character of the message but the separators
        StringBuilder kept = new StringBuilder(node.get("msg").asText());
        node.properties().stream().skip(4).forEach(e -> {
            assertThat(message).contains(e.getKey() + "=");
            kept.append(e.getKey()).append(e.getValue().asText());
        });
        assertThat(sorted(kept.toString())).isEqualTo(sorted(message));
    }

    @Property(tries = 1000)
    void anArgumentIsItsKeysWholeValue(
            @ForAll @StringLength(max = 20) @Chars({' ', '=', '"', '\\', '\n', 'a', 'b'}) String a,
            @ForAll @StringLength(max = 20) @Chars({' ', '=', '"', '\\', '\n', 'a', 'b'}) String b)
            throws Exception {
        String line = EventLine.render(
                0L,
                Level.INFO,
                "A",
                FormattedMessage.format("event a={} b=\"{}\" done", new Object[] {a, b}),
                List.of(),
                null,
                new LogSettings(Level.INFO, LogFormat.JSON));

        JsonNode node = JSON.readTree(line);
        assertThat(node.get("msg").asText()).isEqualTo("event done");
        assertThat(node.get("a").asText()).isEqualTo(a);
        assertThat(node.get("b").asText()).isEqualTo(b);
    }

    /** The characters of a text but spaces, quotes and '=' (what separates words, keys and values), sorted. */
    private static String sorted(String text) {
        return text.chars()
                .filter(c -> c != ' ' && c != '"' && c != '=')
                .sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
    }
}
