package io.wally.maps.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wally.maps.BloomStats;
import org.junit.jupiter.api.Test;

class BloomFilterTest {

    @Test
    void shouldNeverReturnFalseNegativeAndMatchEstimateWhenFilledToCapacity() {
        try (BloomFilter filter = BloomFilter.forCapacity(50_000, 0.01)) {
            // given
            for (int i = 0; i < 50_000; i++) {
                filter.add(NameHash.hash64("in-" + i));
            }
            // then: every added key answers maybe
            for (int i = 0; i < 50_000; i++) {
                assertThat(filter.mightContain(NameHash.hash64("in-" + i))).isTrue();
            }
            long[] absent = new long[200_000];
            for (int i = 0; i < absent.length; i++) {
                absent[i] = NameHash.hash64("out-" + i);
            }
            double measured = filter.measureFpp(absent);
            BloomStats stats = filter.stats();
            assertThat(stats.hashCount()).isEqualTo(7);
            assertThat(stats.bitsPerKey()).isBetween(9.5, 9.7);
            assertThat(stats.estimatedFpp()).isBetween(0.009, 0.011);
            assertThat(measured).isBetween(stats.estimatedFpp() * 0.8, stats.estimatedFpp() * 1.2);
            assertThat(stats.bitsSet()).isBetween((long) (stats.bits() * 0.45), (long) (stats.bits() * 0.55));
        }
    }

    @Test
    void shouldForgetEverythingWhenCleared() {
        try (BloomFilter filter = BloomFilter.withShape(1024, 3)) {
            filter.add(1234567L);
            filter.clear();
            assertThat(filter.mightContain(1234567L)).isFalse();
            assertThat(filter.items()).isZero();
        }
    }

    @Test
    void shouldRejectBadShapes() {
        assertThatThrownBy(() -> BloomFilter.withShape(100, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100");
        assertThatThrownBy(() -> BloomFilter.forCapacity(10, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }
}
