package dev.ferry.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker the reliability suite trusts: missing and duplicated sequence numbers, counted exactly. */
class DeliveryReportTest {

    @Test
    void everyLineOnceIsExactlyOnce() {
        DeliveryReport r = DeliveryReport.of(5, List.of(4, 0, 3, 1, 2));

        assertThat(r.exactlyOnce()).isTrue();
        assertThat(r.missingCount()).isZero();
        assertThat(r.duplicateCount()).isZero();
        assertThat(r.describe()).isEqualTo("5 written, 0 missing, 0 extra copies of 0 lines");
    }

    @Test
    void countsMissingAndExtraCopiesBySequenceNumber() {
        // 1 and 5 missing; 2 stored twice, 3 stored three times
        DeliveryReport r = DeliveryReport.of(7, List.of(0, 2, 2, 3, 3, 3, 4, 6));

        assertThat(r.missing()).containsExactly(1, 5);
        assertThat(r.duplicates()).isEqualTo(Map.of(2, 1, 3, 2));
        assertThat(r.missingCount()).isEqualTo(2);
        assertThat(r.duplicateCount()).isEqualTo(3);
        assertThat(r.duplicatesBetween(0, 3)).isEqualTo(1);
        assertThat(r.duplicatesBetween(3, 7)).isEqualTo(2);
        assertThat(r.exactlyOnce()).isFalse();
        assertThat(r.describe())
                .isEqualTo("7 written, 2 missing, 3 extra copies of 2 lines; missing seqs 1, 5;"
                        + " duplicated seqs 2-3 (stored more than twice: 3×3)");
    }

    @Test
    void nothingStoredMeansEverythingMissing() {
        DeliveryReport r = DeliveryReport.of(4000, List.of());

        assertThat(r.missingCount()).isEqualTo(4000);
        assertThat(r.describe())
                .isEqualTo("4000 written, 4000 missing, 0 extra copies of 0 lines; missing seqs 0-3999");
    }

    @Test
    void sequenceNumbersNeverWrittenAreReportedApart() {
        DeliveryReport r = DeliveryReport.of(2, List.of(0, 1, 2, -1, 2));

        assertThat(r.unexpected()).containsExactly(-1, 2);
        assertThat(r.missingCount()).isZero();
        assertThat(r.duplicateCount()).isZero();
        assertThat(r.exactlyOnce()).isFalse();
        assertThat(r.describe()).endsWith("2 never written; never-written seqs -1, 2");
    }

    @Test
    void longListsAreShownAsRunsAndCut() {
        List<Integer> everyOther = new ArrayList<>();
        for (int i = 0; i < 100; i += 2) {
            everyOther.add(i);
        }

        assertThat(DeliveryReport.ranges(List.of(3, 4, 5, 6, 7, 9, 12, 13))).isEqualTo("3-7, 9, 12-13");
        assertThat(DeliveryReport.ranges(everyOther)).startsWith("0, 2, 4,").endsWith("36, 38, … (30 more)");
    }

    @Test
    void aDuplicateWithoutAnExtraCopyIsRefused() {
        assertThatThrownBy(() -> new DeliveryReport(3, List.of(), new java.util.TreeMap<>(Map.of(1, 0)), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a duplicate has at least one extra copy, got {1=0}");
    }
}
