package dev.ferry.loki;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.loki.testing.LocalLoki;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against a real Loki 3.4.6 process (the binary in ../shared/loki); skipped where it is absent. */
class RealLokiTest {
    private static LocalLoki loki;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> shared = LocalLoki.find();
        assumeTrue(shared.isPresent(), "no Loki binary in ../shared/loki: skipping the real-Loki checks");
        loki = LocalLoki.start(shared.get());
    }

    @AfterAll
    static void stop() {
        if (loki != null) {
            loki.close();
        }
    }

    @Test
    void entriesWithStructuredMetadataRoundTrip() throws Exception {
        LokiRoundTripCheck.entriesWithStructuredMetadataComeBackAsSent(loki.baseUrl());
    }

    @Test
    void anOverLongLineIsRejectedByLokiAndReported() throws Exception {
        LokiRoundTripCheck.anOverLongLineGetsLokisReal400AndIsReportedRejected(loki.baseUrl());
    }

    @Test
    void lokiStillAnswersAsTheFixturesOfItsPartial400Say() throws Exception {
        RealLokiRefusalCheck.lokiStillAnswersAsTheFixturesSay(loki.pushUrl());
    }

    @Test
    void aPushLokiTakesInPartIsCountedAsLokiStoredIt() throws Exception {
        RealLokiRefusalCheck.whatIsCountedSentIsWhatLokiStored(loki.baseUrl());
    }
}
