package io.wally.runtime.foxglove;

import io.wally.maps.NavGraph;
import io.wally.maps.concurrent.ReplicatedNavGraph;
import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import io.wally.runtime.agent.NodeLocator;

/**
 * The occupancy grid as the {@code foxglove.Grid} cells of {@code /map}: one uint8 per cell, rows from the
 * grid's origin upwards (Foxglove's order; the map file's row 0 is its far side, so rows are flipped), with
 * the cells the sensors marked blocked told apart from walls.
 *
 * <p>A cell counts as sensor-marked when the map file says free, its node is blocked in the live graph, and it
 * was not blocked when this object was made: cells blocked at start are the inflation around walls, which is
 * the planner's margin, not something seen.
 *
 * <p>Threading: one owner thread (the server's publisher); it reuses its cell array.
 */
final class GridCells {

    /** Free in the map and in the graph. */
    static final byte FREE = 0;
    /** Free in the map file, blocked since by what the sensors saw. */
    static final byte SENSED = 60;
    /** Occupied in the map file. */
    static final byte WALL = 100;
    /** Unknown in the map file. */
    static final byte UNKNOWN = (byte) 255;

    private final OccupancyGrid grid;
    /** The graph node of each cell in Foxglove order, or {@link NavGraph#NO_NODE} for walls and unknown cells. */
    private final int[] nodes;
    private final boolean[] blockedAtStart;
    private final byte[] cells;

    /** @param view the live graph at start: the cells it blocks already are not sensor marks */
    GridCells(OccupancyGrid grid, NodeLocator locator, ReplicatedNavGraph.ReadView view) {
        this.grid = grid;
        int width = grid.width();
        int height = grid.height();
        this.nodes = new int[width * height];
        this.blockedAtStart = new boolean[nodes.length];
        this.cells = new byte[nodes.length];
        for (int r = 0; r < height; r++) {
            int row = height - 1 - r;
            for (int col = 0; col < width; col++) {
                int i = r * width + col;
                CellState state = grid.state(col, row);
                cells[i] = state == CellState.FREE ? FREE : state == CellState.UNKNOWN ? UNKNOWN : WALL;
                int node = state == CellState.FREE ? locator.nodeAt(grid.cellCentreX(col, row), grid.cellCentreY(col, row)) : NavGraph.NO_NODE;
                nodes[i] = node != NavGraph.NO_NODE && view.containsNode(node) ? node : NavGraph.NO_NODE;
                blockedAtStart[i] = nodes[i] != NavGraph.NO_NODE && view.isBlocked(nodes[i]);
            }
        }
    }

    OccupancyGrid grid() {
        return grid;
    }

    /**
     * The cells now, row-major from the origin; the returned array is reused by the next call.
     *
     * @param view the live graph, pinned by the caller
     */
    byte[] cells(ReplicatedNavGraph.ReadView view) {
        for (int i = 0; i < nodes.length; i++) {
            int node = nodes[i];
            if (node != NavGraph.NO_NODE) {
                cells[i] = !blockedAtStart[i] && view.containsNode(node) && view.isBlocked(node) ? SENSED : FREE;
            }
        }
        return cells;
    }
}
