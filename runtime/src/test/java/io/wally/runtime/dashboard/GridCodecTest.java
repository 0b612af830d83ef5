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
        assertThat(GridCodec.decode(GridCodec.encode(cells, 700), cells.length, 700)).isEqualTo(cells);
        assertThat(GridCodec.decode(GridCodec.encode(cells, 1), cells.length, 1)).isEqualTo(cells);
    }

    @Test
    void shouldEncodeOneLongRunInAFewBytes() {
        assertThat(GridCodec.encode(new byte[1_000_000], 1000)).hasSize(4); // state + 3-byte varint of 1,000,000
        assertThat(GridCodec.encode(new byte[0], 10)).isEmpty();
    }

    @Test
    void shouldShrinkAWallRunningAcrossRowsToItsFirstRow() {
        byte[] cells = new byte[100 * 100];
        for (int row = 0; row < 100; row++) {
            cells[row * 100 + 50] = 1; // a vertical wall: 200 runs without the row XOR
        }
        assertThat(GridCodec.encode(cells, 100)).hasSize(2 + 2 + 3);
    }

    @Test
    void shouldRefuseRunsThatDoNotCoverTheGrid() {
        byte[] encoded = GridCodec.encode(new byte[10], 5);
        assertThatThrownBy(() -> GridCodec.decode(encoded, 11, 5)).hasMessageContaining("cover 10 cells; expected 11");
        assertThatThrownBy(() -> GridCodec.decode(encoded, 9, 5)).hasMessageContaining("exceed 9");
        assertThatThrownBy(() -> GridCodec.decode(new byte[] {0, (byte) 0x80}, 9, 5)).hasMessageContaining("cut");
    }
}
