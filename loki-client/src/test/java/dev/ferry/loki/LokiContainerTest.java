package dev.ferry.loki;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The client against the grafana/loki image; skipped cleanly where there is no Docker. */
@Testcontainers(disabledWithoutDocker = true)
class LokiContainerTest {
    @Container
    static final GenericContainer<?> LOKI = new GenericContainer<>("grafana/loki:3.4.6")
            .withCommand("-config.file=/etc/loki/local-config.yaml")
            .withExposedPorts(3100)
            .waitingFor(Wait.forHttp("/ready").forPort(3100).forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(3));

    private static String baseUrl() {
        return "http://" + LOKI.getHost() + ":" + LOKI.getMappedPort(3100);
    }

    @Test
    void entriesWithStructuredMetadataRoundTrip() throws Exception {
        LokiRoundTripCheck.entriesWithStructuredMetadataComeBackAsSent(baseUrl());
    }

    @Test
    void anOverLongLineIsRejectedByLokiAndReported() throws Exception {
        LokiRoundTripCheck.anOverLongLineGetsLokisReal400AndIsReportedRejected(baseUrl());
    }
}
