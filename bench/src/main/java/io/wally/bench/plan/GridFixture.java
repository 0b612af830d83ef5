package io.wally.bench.plan;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;
import io.wally.maps.graph.OffHeapGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.maps.importer.UnknownCells;
import java.util.Random;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/**
 * The benchmark's grid, built three ways from one occupancy grid: the engine's compacted
 * {@link OffHeapGraph} (through the grid importer), a bare CSR copy, and a JGraphT graph of the
 * passable cells. Start = the free cell nearest the top-left corner, goal = nearest the bottom-right.
 *
 * <p>Lifecycle: {@link #close()} frees the off-heap graph.
 */
public final class GridFixture implements AutoCloseable {

    /** The grid and its cell-node mapping. */
    public final GridGraph grid;
    /** The engine's graph (compacted). */
    public final OffHeapGraph graph;
    /** Start node: cell (0, 0). */
    public final int start;
    /** Goal node: the opposite corner. */
    public final int goal;

    private GridFixture(GridGraph grid, int start, int goal) {
        this.grid = grid;
        this.graph = (OffHeapGraph) grid.graph();
        this.start = start;
        this.goal = goal;
    }

    /**
     * A {@code size x size} grid with {@code obstacleShare} of its cells occupied at random (seeded),
     * 1 m cells, {@code connectivity} 4 or 8.
     */
    public static GridFixture create(int size, double obstacleShare, int connectivity, long seed) {
        return create(size, obstacleShare, connectivity, seed, 1.0);
    }

    /** The same with {@code cellMeters} wide cells (coordinates and weights in metres). */
    public static GridFixture create(int size, double obstacleShare, int connectivity, long seed, double cellMeters) {
        Random random = new Random(seed);
        CellState[] cells = new CellState[size * size];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = random.nextDouble() < obstacleShare ? CellState.OCCUPIED : CellState.FREE;
        }
        // Keep the two corners and their neighbourhoods free so both ends are connected in practice.
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                cells[r * size + c] = CellState.FREE;
                cells[(size - 1 - r) * size + (size - 1 - c)] = CellState.FREE;
            }
        }
        OccupancyGrid occupancy = new OccupancyGrid(size, size, cellMeters, 0, 0, 0, cells);
        GridGraph grid = GridGraph.build(occupancy, connectivity, UnknownCells.BLOCKED, () -> new OffHeapGraph(size * size));
        ((OffHeapGraph) grid.graph()).compact();
        return new GridFixture(grid, grid.node(0, 0), grid.node(size - 1, size - 1));
    }

    /** A CSR copy of the graph (every node id, blocked flags kept). */
    public CsrGrid toCsr() {
        NavGraph g = graph;
        int n = g.nodeIdLimit();
        int[] offsets = new int[n + 1];
        int[] targets = new int[g.edgeCount()];
        float[] weights = new float[g.edgeCount()];
        float[] xs = new float[n];
        float[] ys = new float[n];
        boolean[] blocked = new boolean[n];
        EdgeCursor out = g.edges();
        int e = 0;
        for (int u = 0; u < n; u++) {
            offsets[u] = e;
            xs[u] = g.x(u);
            ys[u] = g.y(u);
            blocked[u] = g.isBlocked(u);
            out.moveTo(u);
            while (out.next()) {
                targets[e] = out.to();
                weights[e++] = out.weight();
            }
        }
        offsets[n] = e;
        return new CsrGrid(n, offsets, targets, weights, xs, ys, blocked);
    }

    /** The passable cells and their undirected edges as a JGraphT graph (vertex = node id). */
    public Graph<Integer, DefaultWeightedEdge> toJGraphT() {
        Graph<Integer, DefaultWeightedEdge> j = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        NavGraph g = graph;
        for (int u = 0; u < g.nodeIdLimit(); u++) {
            if (!g.isBlocked(u)) {
                j.addVertex(u);
            }
        }
        EdgeCursor out = g.edges();
        for (int u = 0; u < g.nodeIdLimit(); u++) {
            if (g.isBlocked(u)) {
                continue;
            }
            out.moveTo(u);
            while (out.next()) {
                int v = out.to();
                if (v > u) {
                    j.setEdgeWeight(j.addEdge(u, v), out.weight());
                }
            }
        }
        return j;
    }

    @Override
    public void close() {
        graph.close();
    }
}
