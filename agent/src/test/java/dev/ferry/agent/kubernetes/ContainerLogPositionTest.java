package dev.ferry.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ContainerLogPositionTest {

    @Test
    void encodesTimestampAndHashesAsText() {
        ContainerLogPosition p = new ContainerLogPosition(
                KubeletTimestamp.parse("2026-01-27T12:39:48.421337Z"), new long[] {0x9f3a0c1d2e3f4a5bL, -1L, 7});

        assertThat(p.encode())
                .isEqualTo("2026-01-27T12:39:48.421337000Z 9f3a0c1d2e3f4a5b,ffffffffffffffff,0000000000000007");
        assertThat(ContainerLogPosition.decode(p.encode())).isEqualTo(p);
    }

    @Test
    void positionWithoutHashesRoundTrips() {
        ContainerLogPosition p = new ContainerLogPosition(KubeletTimestamp.parse("2026-01-27T12:39:48Z"), new long[0]);

        assertThat(ContainerLogPosition.decode(p.encode())).isEqualTo(p);
        assertThat(ContainerLogPosition.decode("2026-01-27T12:39:48Z")).isEqualTo(p);
    }

    @Test
    void garbageIsRefusedWithAMessageNamingIt() {
        assertThatThrownBy(() -> ContainerLogPosition.decode("yesterday 12"))
                .hasMessage("container log position 'yesterday 12': 'yesterday' is not an RFC 3339 timestamp");
        assertThatThrownBy(() -> ContainerLogPosition.decode("2026-01-27T12:39:48Z xyz"))
                .hasMessage("container log position '2026-01-27T12:39:48Z xyz': 'xyz' is not a hex line hash");
    }

    @Test
    void textStoreTreatsACorruptValueAsAbsentAndReportsIt() {
        java.util.Map<String, String> store = new java.util.HashMap<>();
        java.util.List<String> corrupt = new java.util.ArrayList<>();
        ContainerPositions positions =
                ContainerPositions.ofText(store::get, store::put, store::remove, (k, e) -> corrupt.add(k));
        store.put("k", "not a position");

        assertThat(positions.load("k")).isNull();
        assertThat(corrupt).containsExactly("k");
        ContainerLogPosition p = new ContainerLogPosition(5, new long[] {1});
        positions.save("k", p);
        assertThat(positions.load("k")).isEqualTo(p);
    }
}
