package dev.ferry.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.event.KeyValuePair;
import org.slf4j.event.Level;

class EventLineTest {
    private static final long NOW = Instant.parse("2026-01-27T12:39:48.421Z").toEpochMilli();
    private static final String TS = "ts=2026-01-27T12:39:48.421Z ";
    private static final String JTS = "{\"ts\":\"2026-01-27T12:39:48.421Z\",";
    private static final LogSettings INFO_LOGFMT = new LogSettings(Level.INFO, LogFormat.LOGFMT);
    private static final LogSettings INFO_JSON = new LogSettings(Level.INFO, LogFormat.JSON);

    static Stream<Arguments> logfmt() {
        return Stream.of(
                Arguments.of(
                        "words only", "ferry stopped", null, TS + "level=warn logger=LokiClient msg=\"ferry stopped\""),
                Arguments.of(
                        "one word needs no quotes", "stopped", null, TS + "level=warn logger=LokiClient msg=stopped"),
                Arguments.of(
                        "pairs after the words are lifted",
                        "loki push failed endpoint=default attempt=1 status=429",
                        null,
                        TS
                                + "level=warn logger=LokiClient msg=\"loki push failed\" endpoint=default attempt=1 status=429"),
                Arguments.of(
                        "words after a pair stay in msg",
                        "loki endpoint=default push failed  attempt=1 status=429 giving up",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"loki push failed giving up\" endpoint=default"
                                + " attempt=1 status=429"),
                Arguments.of(
                        "a word with a quote keeps the message whole",
                        "x a=1 say \"hi",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"x a=1 say \\\"hi\""),
                Arguments.of(
                        "a quoted value with a space stays quoted",
                        "file opened source=api path=\"/var/log/a b.log\" offset=0",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"file opened\" source=api path=\"/var/log/a b.log\""
                                + " offset=0"),
                Arguments.of(
                        "a quoted value that needs no quotes loses them",
                        "file closed path=\"/var/log/a.log\"",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"file closed\" path=/var/log/a.log"),
                Arguments.of(
                        "quotes and backslashes inside a value are escaped",
                        "read failed error=\"say \"hi\"\" path=C:\\logs",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"read failed\" error=\"say \\\"hi\\\"\""
                                + " path=\"C:\\\\logs\""),
                Arguments.of(
                        "a quote closed before a word keeps the message whole",
                        "read failed error=\"say \"hi\" now\"",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"read failed error=\\\"say \\\"hi\\\" now\\\"\""),
                Arguments.of(
                        "an unclosed quote keeps the message whole",
                        "x path=\"abc",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"x path=\\\"abc\""),
                Arguments.of(
                        "newlines, tabs and other controls are escaped",
                        "line one\nline two\r\tend\u0001 \u2028 \u0085 \u007f",
                        null,
                        TS + "level=warn logger=LokiClient"
                                + " msg=\"line one\\nline two\\r\\tend\\u0001 \\u2028 \\u0085 \\u007f\""),
                Arguments.of(
                        "a newline inside a lifted value is escaped",
                        "parse failed line=\"a\nb\" at=3",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"parse failed\" line=\"a\\nb\" at=3"),
                Arguments.of(
                        "an empty value is written as quotes",
                        "started source= path=a",
                        null,
                        TS + "level=warn logger=LokiClient msg=started source=\"\" path=a"),
                Arguments.of(
                        "a pair named like a line field keeps the message whole",
                        "config read level=debug",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"config read level=debug\""),
                Arguments.of(
                        "a repeated key keeps the message whole",
                        "moved b=1 b=2",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"moved b=1 b=2\""),
                Arguments.of(
                        "pairs only leave an empty msg",
                        "endpoint=x status=1",
                        null,
                        TS + "level=warn logger=LokiClient msg=\"\" endpoint=x status=1"),
                Arguments.of("an empty message", "", null, TS + "level=warn logger=LokiClient msg=\"\""),
                Arguments.of(
                        "text that is not ASCII passes unchanged",
                        "café ok=ü",
                        null,
                        TS + "level=warn logger=LokiClient msg=café ok=ü"),
                Arguments.of(
                        "a throwable is one error field",
                        "positions sync failed",
                        new IOException("disk full"),
                        TS + "level=warn logger=LokiClient msg=\"positions sync failed\""
                                + " error=\"java.io.IOException: disk full\""),
                Arguments.of(
                        "the cause chain follows on the same line",
                        "push failed",
                        new IllegalStateException("gave up", new IOException("connection reset\nby peer")),
                        TS + "level=warn logger=LokiClient msg=\"push failed\" error=\"java.lang.IllegalStateException:"
                                + " gave up; caused by: java.io.IOException: connection reset\\nby peer\""),
                Arguments.of(
                        "a wrapper that copies its cause's text is named once",
                        "push failed",
                        new RuntimeException(new IOException("x")),
                        TS + "level=warn logger=LokiClient msg=\"push failed\""
                                + " error=\"java.lang.RuntimeException; caused by: java.io.IOException: x\""),
                Arguments.of(
                        "a throwable without a message",
                        "tick failed",
                        new NullPointerException(),
                        TS + "level=warn logger=LokiClient msg=\"tick failed\" error=java.lang.NullPointerException"),
                Arguments.of(
                        "a throwable replaces the message's own error pair",
                        "sync failed dir=/d error=\"java.io.IOException: disk full\"",
                        new IOException("disk full"),
                        TS + "level=warn logger=LokiClient msg=\"sync failed\" dir=/d"
                                + " error=\"java.io.IOException: disk full\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void logfmt(String name, String message, Throwable thrown, String expected) {
        String line = EventLine.render(NOW, Level.WARN, "LokiClient", message, List.of(), thrown, INFO_LOGFMT);

        assertThat(line).isEqualTo(expected + "\n");
    }

    static Stream<Arguments> json() {
        return Stream.of(
                Arguments.of(
                        "words only",
                        "ferry stopped",
                        null,
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\",\"msg\":\"ferry stopped\"}"),
                Arguments.of(
                        "pairs are lifted as strings",
                        "loki push failed endpoint=default attempt=1 status=429",
                        null,
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\",\"msg\":\"loki push failed\","
                                + "\"endpoint\":\"default\",\"attempt\":\"1\",\"status\":\"429\"}"),
                Arguments.of(
                        "quotes, backslashes and controls are escaped",
                        "read failed error=\"say \"hi\"\" path=C:\\logs\nnext\u2028\u0001",
                        null,
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\",\"msg\":\"read failed\","
                                + "\"error\":\"say \\\"hi\\\"\",\"path\":\"C:\\\\logs\\nnext\\u2028\\u0001\"}"),
                Arguments.of(
                        "a message that does not parse stays whole",
                        "loki endpoint=default error=\"open",
                        null,
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\","
                                + "\"msg\":\"loki endpoint=default error=\\\"open\"}"),
                Arguments.of(
                        "words around pairs are the msg",
                        "loki endpoint=default push failed",
                        null,
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\",\"msg\":\"loki push failed\","
                                + "\"endpoint\":\"default\"}"),
                Arguments.of(
                        "a throwable is one error field",
                        "push failed endpoint=default",
                        new IllegalStateException("gave up", new IOException("reset")),
                        JTS + "\"level\":\"warn\",\"logger\":\"LokiClient\",\"msg\":\"push failed\","
                                + "\"endpoint\":\"default\",\"error\":\"java.lang.IllegalStateException: gave up;"
                                + " caused by: java.io.IOException: reset\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void json(String name, String message, Throwable thrown, String expected) throws IOException {
        String line = EventLine.render(NOW, Level.WARN, "LokiClient", message, List.of(), thrown, INFO_JSON);

        assertThat(line).isEqualTo(expected + "\n");
        JsonNode parsed = new ObjectMapper().readTree(line);
        assertThat(parsed.get("level").asText()).isEqualTo("warn");
    }

    static Stream<Arguments> eventPairs() {
        List<KeyValuePair> pairs = List.of(
                new KeyValuePair("tenant", "a b"), new KeyValuePair("level", 3), new KeyValuePair("my key", "v"));
        return Stream.of(
                Arguments.of(
                        INFO_LOGFMT,
                        pairs,
                        TS + "level=info logger=Agent msg=pushed endpoint=x tenant=\"a b\" _level=3 my_key=v"),
                Arguments.of(
                        INFO_JSON,
                        pairs,
                        JTS + "\"level\":\"info\",\"logger\":\"Agent\",\"msg\":\"pushed\",\"endpoint\":\"x\","
                                + "\"tenant\":\"a b\",\"_level\":\"3\",\"my key\":\"v\"}"),
                Arguments.of(
                        INFO_LOGFMT,
                        List.of(new KeyValuePair("endpoint", "y")),
                        TS + "level=info logger=Agent msg=pushed endpoint=x _endpoint=y"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void eventPairs(LogSettings settings, List<KeyValuePair> pairs, String expected) {
        String line = EventLine.render(NOW, Level.INFO, "Agent", "pushed endpoint=x", pairs, null, settings);

        assertThat(line).isEqualTo(expected + "\n");
    }

    static Stream<Arguments> stackTraces() {
        return Stream.of(
                Arguments.of(
                        Level.DEBUG,
                        LogFormat.LOGFMT,
                        TS + "level=error logger=Agent msg=failed error=\"java.io.IOException: boom\""
                                + " stack=\"java.io.IOException: boom\\n\\tat dev.ferry.X.run(X.java:12)\""),
                Arguments.of(
                        Level.DEBUG,
                        LogFormat.JSON,
                        JTS + "\"level\":\"error\",\"logger\":\"Agent\",\"msg\":\"failed\","
                                + "\"error\":\"java.io.IOException: boom\","
                                + "\"stack\":\"java.io.IOException: boom\\n\\tat dev.ferry.X.run(X.java:12)\"}"),
                Arguments.of(
                        Level.INFO,
                        LogFormat.LOGFMT,
                        TS + "level=error logger=Agent msg=failed error=\"java.io.IOException: boom\""));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource
    void stackTraces(Level configured, LogFormat format, String expected) {
        IOException boom = new IOException("boom");
        boom.setStackTrace(new StackTraceElement[] {new StackTraceElement("dev.ferry.X", "run", "X.java", 12)});

        String line = EventLine.render(
                NOW, Level.ERROR, "Agent", "failed", List.of(), boom, new LogSettings(configured, format));

        assertThat(line).isEqualTo(expected + "\n");
    }

    static Stream<Arguments> timestamps() {
        return Stream.of(
                Arguments.of("1970-01-01T00:00:00.000Z"),
                Arguments.of("1969-12-31T23:59:59.999Z"),
                Arguments.of("2024-02-29T23:05:09.007Z"),
                Arguments.of("2026-12-31T00:00:00.050Z"),
                Arguments.of("9999-12-31T23:59:59.999Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void timestamps(String ts) {
        String line =
                EventLine.render(Instant.parse(ts).toEpochMilli(), Level.INFO, "A", "m", List.of(), null, INFO_LOGFMT);

        assertThat(line).isEqualTo("ts=" + ts + " level=info logger=A msg=m\n");
    }
}
