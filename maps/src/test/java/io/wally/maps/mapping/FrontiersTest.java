package io.wally.maps.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FrontiersTest {

    /**
     * <pre>
     *   row 2  F F F F F ? ?
     *   row 1  F # # # F ? ?
     *   row 0  F F F F F ? ?      F free, # occupied, ? unknown; a lone free cell at (10, 10)
     * </pre>
     * The cells of column 4 touch the unknown: one frontier of 3 cells; the lone free cell is a frontier of 1.
     */
    @Test
    void shouldClusterFreeCellsNextToUnknownWhenFindingFrontiers() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            for (int row = 0; row <= 2; row++) {
                for (int col = 0; col <= 4; col++) {
                    grid.add(col, row, row == 1 && col >= 1 && col <= 3 ? 2f : -2f);
                }
            }
            // walls all round the left, top and bottom so only the right side is open
            for (int col = -1; col <= 5; col++) {
                grid.add(col, -1, 2f);
                grid.add(col, 3, 2f);
            }
            for (int row = 0; row <= 2; row++) {
                grid.add(-1, row, 2f);
            }
            grid.add(10, 10, -2f);

            List<Frontiers.Frontier> all = Frontiers.find(grid, 1);
            assertThat(all).hasSize(2);
            Frontiers.Frontier big = all.getFirst();
            assertThat(big.cells()).isEqualTo(3);
            assertThat(big.targetCol()).isEqualTo(4);
            assertThat(big.targetRow()).isEqualTo(1);
            assertThat(big.centroidX()).isEqualTo(grid.centreX(4));
            assertThat(all.get(1).cells()).isEqualTo(1);

            assertThat(Frontiers.find(grid, 2)).hasSize(1);
        }
    }

    /**
     * A free room of 10 x 10 cells, walled all round except its right side (unknown beyond), with one wall cell
     * of the top wall left unknown (a gap the sonars never resolved). Without a margin the gap is a frontier and the
     * right side one of 10 cells; with a margin of one cell the gap goes, and so do the two cells of the right side
     * beside the walls.
     */
    @Test
    void shouldLeaveOutFrontierCellsBesideWallsWhenGivenAMargin() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            for (int row = 0; row <= 9; row++) {
                for (int col = 0; col <= 9; col++) {
                    grid.add(col, row, -2f);
                }
                grid.add(-1, row, 2f);
            }
            for (int col = -1; col <= 10; col++) {
                grid.add(col, -1, 2f);
                if (col != 5) {
                    grid.add(col, 10, 2f);
                }
            }
            assertThat(Frontiers.find(grid, 1, 0)).extracting(Frontiers.Frontier::cells).containsExactly(10, 1);
            assertThat(Frontiers.find(grid, 1)).extracting(Frontiers.Frontier::cells).containsExactly(10, 1);
            List<Frontiers.Frontier> kept = Frontiers.find(grid, 1, 1);
            assertThat(kept).extracting(Frontiers.Frontier::cells).containsExactly(8);
            assertThat(kept.getFirst().targetCol()).isEqualTo(9);
            assertThatThrownBy(() -> Frontiers.find(grid, 1, -1)).hasMessageContaining("was -1");
        }
    }

    @Test
    void shouldFindNoFrontierWhenTheMapIsClosedOrEmpty() {
        try (LogOddsGrid grid = new LogOddsGrid(0.1, 0, 0, -2f, 2f)) {
            assertThat(Frontiers.find(grid, 1)).isEmpty();
            for (int row = -1; row <= 1; row++) {
                for (int col = -1; col <= 1; col++) {
                    grid.add(col, row, row == 0 && col == 0 ? -2f : 2f);
                }
            }
            assertThat(Frontiers.find(grid, 1)).isEmpty();
            assertThatThrownBy(() -> Frontiers.find(grid, 0)).hasMessageContaining("was 0");
        }
    }
}
