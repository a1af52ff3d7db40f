package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LokiClientConfigTest {

    @Test
    void defaultsAreAlloys() {
        LokiClientConfig c =
                LokiClientConfig.builder("http://loki:3100/loki/api/v1/push").build();
        assertThat(c.batchSizeBytes()).isEqualTo(1024 * 1024);
        assertThat(c.batchWait()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.remoteTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.minBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.maxRetries()).isEqualTo(10);
        assertThat(c.retryOnHttp429()).isTrue();
        assertThat(c.maxBufferedBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.maxLineSize()).isEqualTo(256 * 1024);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of(
                        "ftp://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>) b -> b,
                        "loki endpoint 'default': url must start with http:// or https://, got 'ftp://loki/push'"),
                Arguments.of(
                        "http://user:pw@loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>) b -> b,
                        "loki endpoint 'default': put credentials in basic_auth, not in the url (the url is logged)"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>) b -> b.batchSize(0),
                        "loki endpoint 'default': batch_size must be greater than 0, got 0"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>)
                                b -> b.backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3),
                        "loki endpoint 'default': max_backoff (PT1S) is smaller than min_backoff (PT2S)"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>)
                                b -> b.bearerToken(Secret.of("t")).basicAuth(Secret.of("u"), Secret.of("p")),
                        "loki endpoint 'default': basic_auth and bearer_token are mutually exclusive"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>) b -> b.header("Content-Type", "x"),
                        "loki endpoint 'default': headers: 'Content-Type' is set by the client and cannot be overridden"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>) b -> b.maxBufferedBytes(10),
                        "loki endpoint 'default': max_buffered_bytes (10) must be at least batch_size (1048576)"),
                Arguments.of(
                        "http://loki/push",
                        (UnaryOperator<LokiClientConfig.Builder>)
                                b -> b.name("main").batchWait(Duration.ZERO),
                        "loki endpoint 'main': batch_wait must be a positive duration, got PT0S"));
    }

    @ParameterizedTest(name = "{2}")
    @MethodSource("invalid")
    void refusesWithAMessageNamingTheOption(
            String url, UnaryOperator<LokiClientConfig.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(LokiClientConfig.builder(url)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void tlsNeedsCertAndKeyTogether() {
        assertThatThrownBy(() -> new TlsOptions(null, Path.of("c.pem"), null, null, false))
                .hasMessage("tls: cert_file and key_file must be given together (got only cert_file)");
    }

    @Test
    void secretsNeverPrintTheirValue() {
        assertThat(Secret.of("hunter2").toString()).isEqualTo("<secret inline>");
        LokiClientConfig c = LokiClientConfig.builder("https://loki/push?x=1")
                .basicAuth(Secret.of("user"), Secret.of("hunter2"))
                .build();
        assertThat(c.toString()).doesNotContain("hunter2");
        assertThat(c.safeUrl()).isEqualTo("https://loki/push");
    }
}
