package io.wally.maps.importer;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.plan.GridShape;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An occupancy grid turned into a navigation graph, and the mapping between cells and nodes.
 *
 * <p>Every cell becomes one node at the cell's centre (world metres), in row-major order starting at
 * {@link #firstNode()}: node = {@code firstNode + row·width + col}. Impassable cells (occupied, and
 * unknown ones under {@link UnknownCells#BLOCKED}) are blocked nodes without edges, so a cell keeps
 * its node id whatever its state and the map writer can later block or free cells in place.
 * Passable neighbours are joined by undirected edges (an arc each way) of type {@link #EDGE_TYPE}:
 * 4-connected (weight = resolution) or 8-connected (diagonals weigh resolution·√2). A diagonal move
 * never cuts a corner: it exists only when both cells it passes between are passable too.
 *
 * <p>Immutable mapping over a graph it does not own exclusively: the graph belongs to the caller, who
 * closes it. Thread-safe.
 */
public final class GridGraph {

    /** Edge type of grid moves. */
    public static final int EDGE_TYPE = 1;

    private final MutableNavGraph graph;
    private final OccupancyGrid grid;
    private final int connectivity;
    private final UnknownCells unknown;
    private final int firstNode;

    private GridGraph(MutableNavGraph graph, OccupancyGrid grid, int connectivity, UnknownCells unknown, int firstNode) {
        this.graph = graph;
        this.grid = grid;
        this.connectivity = connectivity;
        this.unknown = unknown;
        this.firstNode = firstNode;
    }

    /**
     * Builds the graph of {@code grid} in a new graph from {@code factory}. On any failure the new graph
     * is closed and nothing is returned: no half-built graph escapes.
     *
     * @param connectivity 4 or 8
     */
    public static GridGraph build(OccupancyGrid grid, int connectivity, UnknownCells unknown,
            Supplier<? extends MutableNavGraph> factory) {
        Objects.requireNonNull(factory, "factory");
        MutableNavGraph graph = factory.get();
        try {
            return into(grid, connectivity, unknown, graph);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * The grid's layout in a new graph from {@code factory}: its nodes as {@link #build} makes them (ids,
     * positions, impassable cells blocked) but no edges, for a caller that needs only where the cells are
     * (the runtime, whose graph is already in its store). A fraction of {@link #build}'s time.
     *
     * @param connectivity 4 or 8 (recorded for {@link #shape()}; no edges are made)
     */
    public static GridGraph layout(OccupancyGrid grid, int connectivity, UnknownCells unknown,
            Supplier<? extends MutableNavGraph> factory) {
        Objects.requireNonNull(factory, "factory");
        MutableNavGraph graph = factory.get();
        try {
            return into(grid, connectivity, unknown, graph, false);
        } catch (RuntimeException | Error e) {
            graph.close();
            throw e;
        }
    }

    /**
     * Appends the grid's nodes and edges to {@code graph} (which may already hold nodes, e.g. when a
     * named-places map adds its places afterwards). Used by {@link #build} and the places importer,
     * which close the graph on failure.
     */
    static GridGraph into(OccupancyGrid grid, int connectivity, UnknownCells unknown, MutableNavGraph graph) {
        return into(grid, connectivity, unknown, graph, true);
    }

    /** {@link #into}, the edges only when {@code withEdges}. */
    static GridGraph into(OccupancyGrid grid, int connectivity, UnknownCells unknown, MutableNavGraph graph, boolean withEdges) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(unknown, "unknown");
        if (connectivity != 4 && connectivity != 8) {
            throw new IllegalArgumentException("grid connectivity must be 4 or 8; was " + connectivity);
        }
        int width = grid.width();
        int height = grid.height();
        int firstNode = graph.nodeIdLimit();
        boolean[] passable = new boolean[width * height];
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                passable[row * width + col] = grid.passable(col, row, unknown);
            }
        }
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int id = graph.addNode((float) grid.cellCentreX(col, row), (float) grid.cellCentreY(col, row));
                int expected = firstNode + row * width + col;
                if (id != expected) {
                    throw new IllegalStateException("graph assigned node id " + id + " where " + expected
                            + " was expected; grid import needs ids assigned in order of addition");
                }
                if (!passable[row * width + col]) {
                    graph.setBlocked(id, true);
                }
            }
        }
        if (!withEdges) {
            return new GridGraph(graph, grid, connectivity, unknown, firstNode);
        }
        reserveOutEdges(graph, passable, width, height, connectivity, firstNode);
        float straight = (float) grid.resolutionMetres();
        float diagonal = (float) (grid.resolutionMetres() * Math.sqrt(2.0));
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int i = row * width + col;
                if (!passable[i]) {
                    continue;
                }
                int id = firstNode + i;
                boolean right = col + 1 < width && passable[i + 1];
                boolean down = row + 1 < height && passable[i + width];
                if (right) {
                    graph.addUndirectedEdge(id, id + 1, straight, EDGE_TYPE);
                }
                if (down) {
                    graph.addUndirectedEdge(id, id + width, straight, EDGE_TYPE);
                }
                if (connectivity == 8 && row + 1 < height) {
                    // Down-right and down-left, only when both cells the move passes between are free.
                    if (right && down && passable[i + width + 1]) {
                        graph.addUndirectedEdge(id, id + width + 1, diagonal, EDGE_TYPE);
                    }
                    boolean left = col > 0 && passable[i - 1];
                    if (left && down && passable[i + width - 1]) {
                        graph.addUndirectedEdge(id, id + width - 1, diagonal, EDGE_TYPE);
                    }
                }
            }
        }
        return new GridGraph(graph, grid, connectivity, unknown, firstNode);
    }

    /**
     * Tells {@code graph} each passable cell's degree before its edges are added (the off-heap graph then sizes
     * each adjacency record once instead of moving it as it grows). The degree follows the rules of
     * {@link #into}: a passable neighbour across a side, and with 8 a diagonal one whose two cells beside the
     * move are passable too.
     */
    private static void reserveOutEdges(MutableNavGraph graph, boolean[] passable, int width, int height, int connectivity,
            int firstNode) {
        for (int row = 0; row < height; row++) {
            for (int col = 0; col < width; col++) {
                int i = row * width + col;
                if (!passable[i]) {
                    continue;
                }
                boolean right = col + 1 < width && passable[i + 1];
                boolean left = col > 0 && passable[i - 1];
                boolean down = row + 1 < height && passable[i + width];
                boolean up = row > 0 && passable[i - width];
                int degree = (right ? 1 : 0) + (left ? 1 : 0) + (down ? 1 : 0) + (up ? 1 : 0);
                if (connectivity == 8) {
                    degree += (right && down && passable[i + width + 1] ? 1 : 0) + (left && down && passable[i + width - 1] ? 1 : 0)
                            + (right && up && passable[i - width + 1] ? 1 : 0) + (left && up && passable[i - width - 1] ? 1 : 0);
                }
                graph.reserveOutEdges(firstNode + i, degree, EDGE_TYPE);
            }
        }
    }

    /** The graph holding the grid's nodes. */
    public MutableNavGraph graph() {
        return graph;
    }

    /** The occupancy grid this graph was built from. */
    public OccupancyGrid grid() {
        return grid;
    }

    /** 4 or 8. */
    public int connectivity() {
        return connectivity;
    }

    /** How unknown cells were treated. */
    public UnknownCells unknownCells() {
        return unknown;
    }

    /** Node id of cell (0, 0). */
    public int firstNode() {
        return firstNode;
    }

    /** Cells per row. */
    public int width() {
        return grid.width();
    }

    /** Number of rows. */
    public int height() {
        return grid.height();
    }

    /** Node of cell {@code (col, row)}, or {@link NavGraph#NO_NODE} outside the grid. */
    public int node(int col, int row) {
        return grid.inside(col, row) ? firstNode + row * grid.width() + col : NavGraph.NO_NODE;
    }

    /** Whether {@code node} is one of this grid's cells. */
    public boolean isCell(int node) {
        return node >= firstNode && node - firstNode < grid.width() * grid.height();
    }

    /** Column of the cell of {@code node} (a cell of this grid). */
    public int col(int node) {
        return (node - firstNode) % grid.width();
    }

    /** Row of the cell of {@code node} (a cell of this grid). */
    public int row(int node) {
        return (node - firstNode) / grid.width();
    }

    /** Node of the cell containing world point {@code (x, y)} metres, or {@link NavGraph#NO_NODE} outside the grid. */
    public int nodeAt(double x, double y) {
        return node(grid.colAt(x, y), grid.rowAt(x, y));
    }

    /** The grid's place in its graph, for jump point search (8-connected grids only). */
    public GridShape shape() {
        if (connectivity != 8) {
            throw new IllegalStateException("jump point search needs an 8-connected grid; this one is " + connectivity + "-connected");
        }
        return GridShape.ofCells(firstNode, grid.width(), grid.height(), grid.resolutionMetres());
    }

    /** Whether cell {@code (col, row)} was imported as passable. */
    public boolean passable(int col, int row) {
        return grid.passable(col, row, unknown);
    }
}
