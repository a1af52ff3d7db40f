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

/** Whatever a message holds, an event stays one line and the JSON form reads back to the message's text. */
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
        String msg = node.get("msg").asText();
        assertThat(message).startsWith(msg);
        if (msg.length() < message.length()) {
            // lifted: every pair's value is in the message after the words
            node.properties().stream()
                    .skip(4)
                    .forEach(e -> assertThat(message.substring(msg.length()))
                            .contains(e.getKey() + "=")
                            .contains(e.getValue().asText()));
        }
    }
}
