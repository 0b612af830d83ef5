package io.wally.runtime.agent;

import io.wally.maps.EdgeCursor;
import io.wally.maps.NavGraph;

/**
 * Where a point given in metres ({@code "x,y"}) lands on the grid: the cell under it when that cell is free,
 * else the nearest free cell whose centre lies within the snap radius ({@code map.snapRadiusMeters}) and that
 * has an edge to another free node (so a lone free speck inside a wall is never chosen). A point inside a
 * wall a hand's width from the floor thus still plans to the floor beside it, and a point deep inside
 * furniture is told apart ({@code no_free_cell}) from one off the map ({@link #offMap}).
 *
 * <p>Stateless; called on the planner's thread with the view its search runs on. Allocates nothing (one edge
 * cursor per call only when the point's own cell is blocked).
 */
final class CellSnap {

    private CellSnap() {
    }

    /**
     * The free cell for {@code (x, y)}, or {@link NavGraph#NO_NODE} when the point is off the grid or no free cell
     * is within {@code radiusMeters}.
     */
    static int nearestFree(NavGraph view, NodeLocator locator, double xMeters, double yMeters, double radiusMeters) {
        int node = locator.nodeAt(xMeters, yMeters);
        if (node == NavGraph.NO_NODE || !view.containsNode(node)) {
            return NavGraph.NO_NODE;
        }
        if (!view.isBlocked(node)) {
            return node;
        }
        if (!(locator instanceof GridLocator grid) || radiusMeters <= 0) {
            return NavGraph.NO_NODE;
        }
        int col = grid.colAt(xMeters, yMeters);
        int row = grid.rowAt(xMeters, yMeters);
        int rings = (int) Math.ceil(radiusMeters / grid.cellSizeMeters());
        EdgeCursor edges = view.edges();
        int best = NavGraph.NO_NODE;
        double bestDistance = Double.MAX_VALUE;
        for (int dr = -rings; dr <= rings; dr++) {
            for (int dc = -rings; dc <= rings; dc++) {
                int n = grid.node(col + dc, row + dr);
                if (n == NavGraph.NO_NODE || !view.containsNode(n) || view.isBlocked(n)) {
                    continue;
                }
                double d = Math.hypot(grid.centreX(col + dc, row + dr) - xMeters, grid.centreY(col + dc, row + dr) - yMeters);
                if (d <= radiusMeters + 1e-9 && d < bestDistance && hasFreeNeighbour(view, edges, n)) {
                    best = n;
                    bestDistance = d;
                }
            }
        }
        return best;
    }

    /**
     * Why {@code (x, y)} is off the map, naming the map's extent, or null when it lies on the grid. Without a grid
     * ({@link NodeLocator#none()}) every point is off it.
     */
    static String offMap(NodeLocator locator, double xMeters, double yMeters) {
        if (locator.nodeAt(xMeters, yMeters) != NavGraph.NO_NODE) {
            return null;
        }
        String where = "(" + xMeters + ", " + yMeters + ") is not on the map's grid";
        return locator instanceof GridLocator grid ? where + ": it is off the map, which spans " + grid.extent()
                : where + ": this map has no grid; use a place name or a node id";
    }

    private static boolean hasFreeNeighbour(NavGraph view, EdgeCursor edges, int node) {
        edges.moveTo(node);
        while (edges.next()) {
            if (view.containsNode(edges.to()) && !view.isBlocked(edges.to())) {
                return true;
            }
        }
        return false;
    }
}
