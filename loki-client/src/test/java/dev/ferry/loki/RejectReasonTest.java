package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loki's own 4xx messages (from its validation code) sorted into metric reasons. */
class RejectReasonTest {
    @ParameterizedTest(name = "{2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "400 | entry for stream '{app=\"a\"}' has timestamp too old: 2020-01-01T00:00:00Z, oldest acceptable timestamp is: 2026-01-20T00:00:00Z | too_old",
                "400 | entry with timestamp 2026-01-01 ignored, reason: 'entry too far behind, oldest acceptable timestamp is: 2026-01-02' | out_of_order",
                "400 | Max entry size '262144' bytes exceeded for stream '{app=\"a\"}' while adding an entry with length '300000' bytes | line_too_long",
                "400 | line too long | line_too_long",
                "400 | error at least one label pair is required per stream | missing_labels",
                "400 | error parsing labels '{a=}' with error: 1:4: parse error: unexpected \"}\" in label matching | invalid_labels",
                "400 | stream '{app=\"a\"}' has structured metadata too large | structured_metadata",
                "400 | entry for stream '{app=\"a\"}' has timestamp too new: 2030-01-01 | too_new",
                "429 | Ingestion rate limit exceeded for user fake | rate_limited",
                "400 | Maximum active stream limit exceeded, reduce the number of active streams | stream_limit",
                "401 | no org id | unauthorized",
                "404 | 404 page not found | not_found",
                "413 | request too large | request_too_large",
            })
    void classifies(int status, String body, String tag) {
        assertThat(RejectReason.classify(status, body).tag).isEqualTo(tag);
    }
}
