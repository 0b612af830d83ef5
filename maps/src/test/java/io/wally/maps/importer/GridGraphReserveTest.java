package io.wally.maps.importer;

import static org.assertj.core.api.Assertions.assertThat;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.ReferenceGraph;
import io.wally.maps.graph.OffHeapGraph;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A grid import tells the graph each cell's degree before adding its edges ({@code reserveOutEdges}): the off-heap
 * graph then sizes each record once. The degrees must be exact and the hint must change nothing a reader sees.
 */
class GridGraphReserveTest {

    /**
     * Random grids with walls and unknown cells, e.g. 3 x 2 (# occupied, ? unknown):
     * <pre>
     *   . # .
     *   . ? .
     * </pre>
     */
    private static OccupancyGrid randomGrid(int width, int height, long seed) {
        Random random = new Random(seed);
        CellState[] states = new CellState[width * height];
        for (int i = 0; i < states.length; i++) {
            int r = random.nextInt(10);
            states[i] = r < 7 ? CellState.FREE : r < 9 ? CellState.OCCUPIED : CellState.UNKNOWN;
        }
        return new OccupancyGrid(width, height, 0.05, 0, 0, 0, states);
    }

    @ParameterizedTest
    @CsvSource({"4, 1", "8, 1", "4, 2", "8, 2", "8, 3"})
    void shouldBuildTheSameGraphAsWithoutTheHintWhenTheOffHeapGraphReservesRecords(int connectivity, long seed) {
        // given a grid with walls, unknown cells and a one-cell border case (width 1 columns at the edges)
        OccupancyGrid grid = randomGrid(37, 23, seed);

        // when it is imported into the off-heap graph (which uses the hint) and the reference graph (which ignores it)
        try (OffHeapGraph offHeap = (OffHeapGraph) GridGraph.build(grid, connectivity, UnknownCells.FREE, OffHeapGraph::new).graph();
                ReferenceGraph reference = (ReferenceGraph) GridGraph.build(grid, connectivity, UnknownCells.FREE, ReferenceGraph::new).graph()) {

            // then contents, edge order and version are the same
            assertThat(offHeap.version()).isEqualTo(reference.version());
            assertThat(offHeap.edgeCount()).isEqualTo(reference.edgeCount());
            assertThat(edges(offHeap)).isEqualTo(edges(reference));
            // and every record was sized once: one block per node with edges, none given back by a move
            long nodesWithEdges = edges(offHeap).stream().filter(list -> !list.isEmpty()).count();
            assertThat(offHeap.poolStats().frees()).isZero();
            assertThat(offHeap.poolStats().allocations()).isEqualTo(nodesWithEdges);
        }
    }

    @ParameterizedTest
    @CsvSource({"4", "8"})
    void shouldTakeTheSameBytesAsEdgesAddedOneByOneWhenReserved(int connectivity) {
        // given a grid imported with the hint, and the same arcs added to a fresh graph one by one without it
        OccupancyGrid grid = randomGrid(29, 31, 7);
        try (OffHeapGraph hinted = (OffHeapGraph) GridGraph.build(grid, connectivity, UnknownCells.BLOCKED, OffHeapGraph::new).graph();
                OffHeapGraph plain = new OffHeapGraph()) {
            for (int n = 0; n < hinted.nodeIdLimit(); n++) {
                plain.addNode(hinted.x(n), hinted.y(n));
            }
            EdgeCursor out = hinted.edges();
            for (int n = 0; n < hinted.nodeIdLimit(); n++) {
                out.moveTo(n);
                while (out.next()) {
                    plain.addEdge(n, out.to(), out.weight(), out.type());
                }
            }

            // then every reserved record is of the size class its final degree needs: no larger
            assertThat(hinted.poolStats().inUseBytes()).isEqualTo(plain.poolStats().inUseBytes());
        }
    }

    /** Per node id, its out-edges in cursor order as "to:weight:type". */
    private static List<List<String>> edges(NavGraph graph) {
        List<List<String>> all = new ArrayList<>();
        EdgeCursor out = graph.edges();
        for (int n = 0; n < graph.nodeIdLimit(); n++) {
            List<String> list = new ArrayList<>();
            out.moveTo(n);
            while (out.next()) {
                list.add(out.to() + ":" + out.weight() + ":" + out.type());
            }
            all.add(list);
        }
        return all;
    }
}
