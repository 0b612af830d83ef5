package io.wally.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.NavGraph;
import io.wally.maps.embed.RoomOutline;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapping points to free cells and the cells of areas, on a 5 x 3 grid of 1 m cells (origin 0,0, row 0 at the top):
 * <pre>
 *   row 0:  .  .  #  #  .
 *   row 1:  .  .  #  #  .
 *   row 2:  .  .  #  #  #
 * </pre>
 * Columns 2 and 3 are wall; a point in the wall 0.7 m from a free cell's centre snaps with a 1 m radius, not with 0.5 m.
 */
class CellSnapTest {

    private static final CellState F = CellState.FREE;
    private static final CellState W = CellState.OCCUPIED;

    private static GridGraph grid() {
        OccupancyGrid g = new OccupancyGrid(5, 3, 1.0, 0, 0, 0, new CellState[] {F, F, W, W, F, F, F, W, W, F, F, F, W, W, W});
        return GridGraph.build(g, 8, UnknownCells.BLOCKED, () -> new OffHeapGraph(16));
    }

    @Test
    void shouldKeepAFreeCellAndMoveAWallPointToTheNearestFreeCellWithinTheRadius() {
        GridGraph g = grid();
        try (var graph = g.graph()) {
            GridLocator locator = GridLocator.of(g);

            assertThat(CellSnap.nearestFree(graph, locator, 0.5, 0.5, 0.0)).isEqualTo(g.node(0, 2));
            // (2.2, 1.5) is in the wall at column 2: the free cell (1, 1) has its centre 0.7 m away
            assertThat(CellSnap.nearestFree(graph, locator, 2.2, 1.5, 1.0)).isEqualTo(g.node(1, 1));
            assertThat(CellSnap.nearestFree(graph, locator, 2.2, 1.5, 0.5)).isEqualTo(NavGraph.NO_NODE);
            assertThat(CellSnap.nearestFree(graph, locator, 2.2, 1.5, 0.0)).isEqualTo(NavGraph.NO_NODE);
            assertThat(CellSnap.nearestFree(graph, locator, 50, 50, 1.0)).isEqualTo(NavGraph.NO_NODE);
            assertThat(CellSnap.nearestFree(graph, NodeLocator.none(), 0.5, 0.5, 1.0)).isEqualTo(NavGraph.NO_NODE);
        }
    }

    @Test
    void shouldSayAPointIsOffTheMapWithTheMapsExtent() {
        GridGraph g = grid();
        try (var graph = g.graph()) {
            GridLocator locator = GridLocator.of(g);
            assertThat(CellSnap.offMap(locator, 1, 1)).isNull();
            assertThat(CellSnap.offMap(locator, -1, 1)).contains("(-1.0, 1.0) is not on the map's grid")
                    .contains("x in [0.0, 5.0] m, y in [0.0, 3.0] m");
            assertThat(CellSnap.offMap(NodeLocator.none(), 1, 1)).contains("this map has no grid");
            assertThat(locator.minXMeters()).isZero();
            assertThat(locator.maxYMeters()).isEqualTo(3.0);
            assertThat(locator.originXMeters()).isZero();
            assertThat(locator.originYMeters()).isZero();
        }
    }

    @Test
    void shouldFindTheCellsOfAPolygonAndOfACircle() {
        GridGraph g = grid();
        try (var graph = g.graph()) {
            GridLocator locator = GridLocator.of(g);
            int[] square = GridArea.cellsIn(locator, GridArea.polygon("a", new double[] {0, 0, 2, 0, 2, 2, 0, 2}));
            assertThat(square).containsExactlyInAnyOrder(g.node(0, 1), g.node(1, 1), g.node(0, 2), g.node(1, 2));
            int[] circle = GridArea.cellsWithin(locator, 0.5, 0.5, 1.0);
            assertThat(Arrays.stream(circle).sorted().toArray()).containsExactly(
                    Arrays.stream(new int[] {g.node(0, 1), g.node(0, 2), g.node(1, 2)}).sorted().toArray());
            assertThat(GridArea.cellsIn(locator, new RoomOutline("far", List.of(new double[] {10, 10},
                    new double[] {11, 10}, new double[] {11, 11})))).isEmpty();
        }
    }

    @Test
    void shouldReadOutlinesFromANamedPlacesFileAndNoneFromOthers() {
        assertThat(GridArea.placeOutlines(Path.of("../maps/samples/house.yaml"))).containsKeys("kitchen", "hallway")
                .doesNotContainKey("dock");
        assertThat(GridArea.placeOutlines(SimHarness.HOUSE_GRID)).isEmpty();
        assertThat(GridArea.placeOutlines(null)).isEmpty();
    }
}
