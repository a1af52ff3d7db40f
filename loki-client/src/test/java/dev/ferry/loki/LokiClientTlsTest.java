package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.loki.testing.FakeLoki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LokiClientTlsTest {
    private static X509Bundle ca;
    private static X509Bundle serverForIp;
    private static X509Bundle serverForName;
    private static X509Bundle clientCert;

    @TempDir
    static Path dir;

    private final RecordingAcks acks = new RecordingAcks();

    @BeforeAll
    static void certificates() throws Exception {
        ca = new CertificateBuilder()
                .subject("CN=Ferry Test CA")
                .setIsCertificateAuthority(true)
                .ecp256()
                .buildSelfSigned();
        serverForIp = new CertificateBuilder()
                .subject("CN=127.0.0.1")
                .addSanIpAddress("127.0.0.1")
                .ecp256()
                .buildIssuedBy(ca);
        serverForName = new CertificateBuilder()
                .subject("CN=loki.monitoring.svc")
                .addSanDnsName("loki.monitoring.svc")
                .ecp256()
                .buildIssuedBy(ca);
        clientCert = new CertificateBuilder()
                .subject("CN=ferry")
                .addExtendedKeyUsageClientAuth()
                .ecp256()
                .buildIssuedBy(ca);
        Files.writeString(dir.resolve("ca.pem"), ca.getCertificatePEM());
        Files.writeString(dir.resolve("client.pem"), clientCert.getCertificatePEM());
        Files.writeString(dir.resolve("client.key"), clientCert.getPrivateKeyPEM());
    }

    private static SslContext server(X509Bundle cert, boolean requireClientCert) throws Exception {
        SslContextBuilder b = SslContextBuilder.forServer(cert.getKeyPair().getPrivate(), cert.getCertificatePath());
        if (requireClientCert) {
            b.trustManager(ca.getCertificate()).clientAuth(ClientAuth.REQUIRE);
        }
        return b.build();
    }

    private PushOutcome pushOne(FakeLoki loki, TlsOptions tls) throws Exception {
        LokiClientConfig config = LokiClientConfig.builder(loki.pushUrl())
                .tls(tls)
                .batchWait(Duration.ofMillis(10))
                .backoff(Duration.ofMillis(5), Duration.ofMillis(10), 1)
                .build();
        Object token = new Object();
        try (LokiClient client = new LokiClient(config, acks, new SimpleMeterRegistry())) {
            client.push(null, Labels.of("app", "a"), new LogEntry(1, "over tls"), token);
            await().until(() -> acks.outcome(token) != null);
        }
        assertThat(acks.errors()).isEmpty();
        return acks.outcome(token);
    }

    @Test
    void trustsAServerSignedByTheConfiguredCa() throws Exception {
        try (FakeLoki loki = FakeLoki.start(server(serverForIp, false))) {
            assertThat(pushOne(loki, new TlsOptions(dir.resolve("ca.pem"), null, null, null, false)))
                    .isEqualTo(PushOutcome.SENT);
            assertThat(loki.acceptedEntries()).hasSize(1);
        }
    }

    @Test
    void refusesAServerItCannotVerify() throws Exception {
        try (FakeLoki loki = FakeLoki.start(server(serverForIp, false))) {
            assertThat(pushOne(loki, TlsOptions.DEFAULT)).isEqualTo(PushOutcome.FAILED);
            assertThat(loki.requests()).isEmpty();
        }
    }

    @Test
    void insecureSkipVerifyTrustsAnyServer() throws Exception {
        try (FakeLoki loki = FakeLoki.start(server(serverForIp, false))) {
            assertThat(pushOne(loki, new TlsOptions(null, null, null, null, true)))
                    .isEqualTo(PushOutcome.SENT);
        }
    }

    @Test
    void verifiesTheHostNameAndServerNameOverridesIt() throws Exception {
        try (FakeLoki loki = FakeLoki.start(server(serverForName, false))) {
            Path ca = dir.resolve("ca.pem");
            assertThat(pushOne(loki, new TlsOptions(ca, null, null, null, false)))
                    .isEqualTo(PushOutcome.FAILED);
        }
        try (FakeLoki loki = FakeLoki.start(server(serverForName, false))) {
            Path ca = dir.resolve("ca.pem");
            assertThat(pushOne(loki, new TlsOptions(ca, null, null, "loki.monitoring.svc", false)))
                    .isEqualTo(PushOutcome.SENT);
        }
    }

    @Test
    void presentsAClientCertificateForMutualTls() throws Exception {
        try (FakeLoki loki = FakeLoki.start(server(serverForIp, true))) {
            TlsOptions tls = new TlsOptions(
                    dir.resolve("ca.pem"), dir.resolve("client.pem"), dir.resolve("client.key"), null, false);
            assertThat(pushOne(loki, tls)).isEqualTo(PushOutcome.SENT);
        }
    }
}
