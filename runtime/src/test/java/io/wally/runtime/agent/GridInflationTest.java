package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GridInflationTest {

    /**
     * 5 x 3 cells of 0.1 m, a wall in the middle column:
     * <pre>
     *   . . # . .
     *   . . # . .
     *   . . # . .
     * </pre>
     */
    private static GridGraph wallGrid() {
        CellState[] states = new CellState[15];
        Arrays.fill(states, CellState.FREE);
        for (int row = 0; row < 3; row++) {
            states[row * 5 + 2] = CellState.OCCUPIED;
        }
        OccupancyGrid grid = new OccupancyGrid(5, 3, 0.1, 0, 0, 0, states);
        return GridGraph.build(grid, 8, UnknownCells.BLOCKED, () -> new OffHeapGraph(15));
    }

    @Test
    void shouldBlockTheCellsWithinTheRadiusOfAWallButNotTheOnesKeptFree() {
        GridGraph grid = wallGrid();
        try (var graph = grid.graph()) {
            int keep = grid.node(1, 1);

            int blocked = GridInflation.inflate(graph, grid, 0.1, new int[] {keep});

            // the columns beside the wall, but for the kept cell: 5 of 6
            assertThat(blocked).isEqualTo(5);
            assertThat(graph.isBlocked(grid.node(1, 0))).isTrue();
            assertThat(graph.isBlocked(grid.node(3, 2))).isTrue();
            assertThat(graph.isBlocked(keep)).isFalse();
            assertThat(graph.isBlocked(grid.node(0, 1))).as("two cells away").isFalse();
        }
    }

    @Test
    void shouldBlockNothingWhenTheRadiusIsUnderOneCell() {
        GridGraph grid = wallGrid();
        try (var graph = grid.graph()) {
            assertThat(GridInflation.inflate(graph, grid, 0.09, new int[0])).isZero();
            assertThat(GridInflation.inflate(graph, grid, 0, new int[0])).isZero();
        }
    }
}
