package io.wally.runtime.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GridCodecTest {

    @Test
    void shouldRoundTripRunsOfEveryLengthIncludingMultiByteVarints() {
        byte[] cells = new byte[70_000];
        Random random = new Random(7);
        int at = 0;
        while (at < cells.length) {
            int run = Math.min(cells.length - at, 1 + random.nextInt(random.nextBoolean() ? 5 : 20_000));
            java.util.Arrays.fill(cells, at, at + run, (byte) random.nextInt(4));
            at += run;
        }
        assertThat(GridCodec.decode(GridCodec.encode(cells), cells.length)).isEqualTo(cells);
    }

    @Test
    void shouldEncodeOneLongRunInAFewBytes() {
        assertThat(GridCodec.encode(new byte[1_000_000])).hasSize(4); // state + 3-byte varint of 1,000,000
        assertThat(GridCodec.encode(new byte[0])).isEmpty();
    }

    @Test
    void shouldRefuseRunsThatDoNotCoverTheGrid() {
        byte[] encoded = GridCodec.encode(new byte[10]);
        assertThatThrownBy(() -> GridCodec.decode(encoded, 11)).hasMessageContaining("cover 10 cells; expected 11");
        assertThatThrownBy(() -> GridCodec.decode(encoded, 9)).hasMessageContaining("exceed 9");
        assertThatThrownBy(() -> GridCodec.decode(new byte[] {0, (byte) 0x80}, 9)).hasMessageContaining("cut");
    }
}
