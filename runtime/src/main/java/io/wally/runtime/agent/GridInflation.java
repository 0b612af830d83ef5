package io.wally.runtime.agent;

import io.wally.maps.MutableNavGraph;
import io.wally.maps.NavGraph;
import io.wally.maps.importer.GridGraph;
import io.wally.maps.importer.Place;
import io.wally.maps.importer.PlaceMap;
import java.util.Arrays;
import java.util.List;

/**
 * The start-up inflation of a grid map: free cells within a radius of a blocked cell (a wall, furniture,
 * an unknown cell) are blocked too, so that routes through cell centres keep the robot's body off the
 * walls; the places and the cells they stand in stay free. One routine for every graph that must plan as
 * the robot does: the runtime's replicas ({@link RuntimeMap}) and {@code wally plan}'s preview.
 *
 * <p>Stateless; the caller owns the graph (call from its writer thread).
 */
public final class GridInflation {

    private GridInflation() {
    }

    /**
     * Inflates {@code map}'s grid by {@code radiusMeters}, never blocking its places or their cells; a map
     * without a grid is left as it is.
     *
     * @return the number of cells blocked
     */
    public static int inflate(PlaceMap map, double radiusMeters) {
        return map.grid().map(grid -> inflate(map.graph(), grid, radiusMeters, keptFree(map.places()))).orElse(0);
    }

    /** The nodes inflation (and obstacle marking) must never block: each place and the cell it stands in. */
    public static int[] keptFree(List<Place> places) {
        int[] keep = new int[places.size() * 2];
        int count = 0;
        for (Place p : places) {
            keep[count++] = p.node();
            if (p.cellNode() != NavGraph.NO_NODE) {
                keep[count++] = p.cellNode();
            }
        }
        return Arrays.copyOf(keep, count);
    }

    /**
     * Blocks the free cells of {@code grid} in {@code graph} whose centre lies within {@code radiusMeters}
     * of a blocked cell's centre, except the nodes in {@code keepFree}. A radius under one cell blocks nothing.
     *
     * @return the number of cells blocked
     */
    public static int inflate(MutableNavGraph graph, GridGraph grid, double radiusMeters, int[] keepFree) {
        int w = grid.width();
        int h = grid.height();
        double cell = grid.grid().resolutionMetres();
        int rings = (int) Math.floor(radiusMeters / cell + 1e-9);
        if (rings <= 0) {
            return 0;
        }
        boolean[] free = new boolean[graph.nodeIdLimit()];
        for (int n : keepFree) {
            if (n >= 0 && n < free.length) {
                free[n] = true;
            }
        }
        boolean[] wall = new boolean[w * h];
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int node = grid.node(col, row);
                wall[row * w + col] = graph.containsNode(node) && graph.isBlocked(node);
            }
        }
        int blocked = 0;
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int node = grid.node(col, row);
                if (wall[row * w + col] || free[node] || !graph.containsNode(node)) {
                    continue;
                }
                if (nearWall(wall, w, h, col, row, rings, radiusMeters, cell)) {
                    graph.setBlocked(node, true);
                    blocked++;
                }
            }
        }
        return blocked;
    }

    private static boolean nearWall(boolean[] wall, int w, int h, int col, int row, int rings, double radius, double cell) {
        for (int dr = -rings; dr <= rings; dr++) {
            for (int dc = -rings; dc <= rings; dc++) {
                int r = row + dr;
                int c = col + dc;
                if (r >= 0 && r < h && c >= 0 && c < w && wall[r * w + c] && Math.hypot(dr, dc) * cell <= radius + 1e-9) {
                    return true;
                }
            }
        }
        return false;
    }
}
