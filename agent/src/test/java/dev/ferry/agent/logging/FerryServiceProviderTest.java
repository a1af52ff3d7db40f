package dev.ferry.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class FerryServiceProviderTest {

    @Test
    void slf4jBindsFerrysProviderAndNoOther() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(FerryLoggerFactory.class);
        assertThat(LoggerFactory.getLogger("io.netty.channel.X")).isInstanceOf(FerryLogger.class);
    }

    @Test
    void configureAppliesToStandardError() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            Logger log = LoggerFactory.getLogger("dev.ferry.loki.LokiClient");
            log.debug("hidden before configure");
            FerryLogging.configure("debug", "json");
            log.debug("push sent endpoint={}", "default");
            FerryLogging.configure("info", "logfmt");
            log.debug("hidden again");
            log.info("ferry stopped");
        } finally {
            System.setErr(original);
            FerryLogging.configure("info", "logfmt");
        }

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2);
        JsonNode json = new ObjectMapper().readTree(lines[0]);
        assertThat(json.get("level").asText()).isEqualTo("debug");
        assertThat(json.get("logger").asText()).isEqualTo("LokiClient");
        assertThat(json.get("msg").asText()).isEqualTo("push sent");
        assertThat(json.get("endpoint").asText()).isEqualTo("default");
        assertThat(lines[1])
                .matches("ts=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z level=info logger=LokiClient"
                        + " msg=\"ferry stopped\"");
    }

    @Test
    void configureRejectsWhatTheConfigCannotSay() {
        assertThatThrownBy(() -> FerryLogging.configure("verbose", "logfmt"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log_level must be debug, info, warn or error, got 'verbose'");
        assertThatThrownBy(() -> FerryLogging.configure("info", "text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log_format must be logfmt or json, got 'text'");
    }
}
