package dev.ferry.loki;

import static dev.ferry.loki.RefusalFixtures.T;
import static dev.ferry.loki.RefusalFixtures.entry;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading which entries Loki refused from its real 400 bodies (fixtures captured from Loki 3.4.6). */
class RefusedEntriesTest {

    /** Token → reason (null: stored) for every entry of {@code batch}. */
    private static Map<Object, RejectReason> byToken(Batch batch, RefusedEntries refused) {
        Map<Object, RejectReason> out = new HashMap<>();
        List<StreamEntries> streams = batch.streams();
        for (int s = 0; s < streams.size(); s++) {
            for (int i = 0; i < streams.get(s).count; i++) {
                out.put(streams.get(s).tokens[i], refused.reason(s, i));
            }
        }
        return out;
    }

    @Test
    void theDistributorsAnswerToAMixedPushNamesEachRefusedEntry() {
        Batch batch = RefusalFixtures.distributorMix().batch();
        RefusedEntries refused = RefusedEntries.of(batch, RefusalFixtures.body("distributor-mix.txt"));

        assertThat(refused).isNotNull();
        Map<Object, RejectReason> reasons = byToken(batch, refused);
        RefusalFixtures.DISTRIBUTOR_MIX_STORED.forEach((token, stored) ->
                assertThat(reasons.get(token) == null).as(token).isEqualTo(stored));
        assertThat(reasons.get("mixed-future-1")).isEqualTo(RejectReason.TOO_NEW);
        assertThat(reasons.get("mixed-future-2")).isEqualTo(RejectReason.TOO_NEW);
        assertThat(reasons.get("bigline-long")).isEqualTo(RejectReason.LINE_TOO_LONG);
        assertThat(reasons.get("longlabel-1")).isEqualTo(RejectReason.INVALID_LABELS);
        assertThat(reasons.get("bigmeta-big")).isEqualTo(RejectReason.STRUCTURED_METADATA);
        assertThat(refused.refusedCount()).isEqualTo(6);
    }

    @Test
    void theOrderOfLokisGroupsDoesNotMatter() {
        // Loki writes its groups in map order, which changes from one answer to the next
        List<String> groups = new ArrayList<>(
                List.of(RefusalFixtures.body("distributor-mix.txt").strip().split("; (?=\\d+ errors like: )")));
        Collections.reverse(groups);
        Batch batch = RefusalFixtures.distributorMix().batch();
        RefusedEntries refused = RefusedEntries.of(batch, String.join("; ", groups));
        assertThat(refused).isNotNull();
        assertThat(refused.refusedCount()).isEqualTo(6);
    }

    @Test
    void theIngestersAnswerListsTenEntriesAndTheTotalCoversTheOldestRest() {
        Batch batch = RefusalFixtures.ingesterBehind().batch();
        RefusedEntries refused = RefusedEntries.of(batch, RefusalFixtures.body("ingester-behind.txt"));

        assertThat(refused).isNotNull();
        Map<Object, RejectReason> reasons = byToken(batch, refused);
        for (int i = 0; i < RefusalFixtures.OLD_ENTRIES; i++) {
            assertThat(reasons.get("old-" + i)).as("old-" + i).isEqualTo(RejectReason.OUT_OF_ORDER);
        }
        assertThat(reasons.get("new")).isNull();
        assertThat(reasons.get("fine")).isNull();
        assertThat(refused.refusedCount()).isEqualTo(12);
        assertThat(refused.byStream()).containsOnlyKeys(Labels.of("app", "behind"));
    }

    @Test
    void aSingleErrorComesWithoutTheGroupPrefix() {
        Batch batch = new Batch("", 0);
        Labels many = Labels.of("app", "e5", "l00", "v", "l01", "v");
        batch.add(many, entry(T, "x"), "x");
        batch.add(Labels.of("app", "ok"), entry(T, "y"), "y");
        RefusedEntries refused =
                RefusedEntries.of(batch, "entry for stream '" + many.rendered() + "' has 16 label names; limit 15\n");
        assertThat(byToken(batch, refused))
                .containsEntry("x", RejectReason.INVALID_LABELS)
                .containsEntry("y", null);
    }

    @Test
    void aLabelValueThatLooksLikeLokisWordsIsStillFound() {
        Batch batch = new Batch("", 0);
        Labels tricky = Labels.of("app", "a' has label value too long: '; 2 errors like: x");
        batch.add(tricky, entry(T, "x"), "x");
        batch.add(Labels.of("app", "a"), entry(T, "y"), "y");
        String body = "stream '" + tricky.rendered() + "' has label value too long: 'whatever'";
        assertThat(byToken(batch, RefusedEntries.of(batch, body)))
                .containsEntry("x", RejectReason.INVALID_LABELS)
                .containsEntry("y", null);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(
            strings = {
                "",
                "something went wrong",
                // the stream is not in the batch
                "entry for stream '{app=\"other\"}' has timestamp too new: 2099-01-01T00:00:00Z",
                // Loki counts two entries of that second; the batch has one
                "2 errors like: entry for stream '{app=\"a\"}' has timestamp too new: 2026-01-27T12:00:00Z",
                // a message Ferry does not know, naming a known stream
                "1 errors like: stream '{app=\"a\"}' has a problem nobody foresaw",
                // a summary whose entry lines are not Loki's
                "entry with timestamp 2026-01-27 12:39:48 +0000 UTC ignored, reason: 'entry too far behind, oldest acceptable timestamp is: ...' for stream: {app=\"a\"}",
            })
    void anAnswerThatCannotBeTiedToEntriesGivesNothing(String body) {
        Batch batch = new Batch("", 0);
        batch.add(Labels.of("app", "a"), entry(T, "x"), "x");
        assertThat(RefusedEntries.of(batch, body)).isNull();
    }

    @Test
    void readsGoTimeStrings() {
        assertThat(LokiRefusals.goTimeNanos("2026-01-27 10:00:00.000000002 +0000 UTC"))
                .isEqualTo(LogEntry.toEpochNanos(T.minusSeconds(7200)) + 2);
        assertThat(LokiRefusals.goTimeNanos("2026-01-27 12:00:00.5 +0100 CET"))
                .isEqualTo(LogEntry.toEpochNanos(T.minusSeconds(3600)) + 500_000_000);
        assertThat(LokiRefusals.goTimeNanos("yesterday")).isEqualTo(Long.MIN_VALUE);
    }
}
