package dev.ferry.loki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Chunks for waiting batches: sized in powers of two, reused up to the pool's bound. */
class ChunkPoolTest {

    @ParameterizedTest
    @CsvSource({"1, 512", "512, 512", "513, 1024", "20000, 32768", "32768, 32768", "32769, 32769", "300000, 300000"})
    void chunkSizes(int bytes, int size) {
        assertThat(ChunkPool.chunkSize(bytes)).isEqualTo(size);
    }

    @Test
    void aChunkGivenBackIsHandedOutAgain() {
        ChunkPool pool = new ChunkPool(64 * 1024);
        byte[] chunk = pool.take(1024);
        pool.give(chunk);
        assertThat(pool.pooledBytes()).isEqualTo(1024);
        assertThat(pool.take(1024)).isSameAs(chunk);
        assertThat(pool.take(1024)).isNotSameAs(chunk).hasSize(1024);
        assertThat(pool.pooledBytes()).isZero();
    }

    @Test
    void keepsNoMoreThanItsBoundAndNoOversizedChunks() {
        ChunkPool pool = new ChunkPool(2048);
        pool.give(new byte[1024]);
        pool.give(new byte[1024]);
        pool.give(new byte[512]); // over the bound: dropped
        pool.give(new byte[40_000]); // not a pooled size
        assertThat(pool.pooledBytes()).isEqualTo(2048);
        assertThat(ChunkPool.NONE.take(512)).hasSize(512);
        ChunkPool.NONE.give(new byte[512]);
        assertThat(ChunkPool.NONE.pooledBytes()).isZero();
    }
}
