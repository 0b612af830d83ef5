package io.wally.maps.mapping;

import io.wally.maps.importer.CellState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Frontier detection (Yamauchi 1997, "A frontier-based approach for autonomous exploration"): a frontier
 * cell is a FREE cell with at least one UNKNOWN 4-neighbour; frontier cells that touch (8-connected) form
 * one frontier, and frontiers smaller than a minimum are dropped (noise, gaps under furniture).
 *
 * <p>Stateless; reads the grid on the caller's thread (the grid's writer, or a copy). Allocates its result.
 */
public final class Frontiers {

    private Frontiers() {
    }

    /**
     * One frontier: its cells' count and centroid, and the frontier cell nearest to the centroid (a centroid
     * of a curved frontier may lie in unknown space; the robot drives to a cell that is free).
     *
     * @param cells        frontier cells in the cluster
     * @param centroidX    mean x of the cells' centres, metres
     * @param centroidY    mean y, metres
     * @param targetCol    the cluster's cell nearest the centroid
     * @param targetRow    its row
     * @param targetXMeters centre x of that cell
     * @param targetYMeters centre y of that cell
     */
    public record Frontier(int cells, double centroidX, double centroidY, int targetCol, int targetRow, double targetXMeters,
            double targetYMeters) {
    }

    /**
     * The grid's frontiers with at least {@code minCells} cells, largest first.
     *
     * @param minCells smallest frontier kept, {@code >= 1}
     */
    public static List<Frontier> find(LogOddsGrid grid, int minCells) {
        return find(grid, minCells, 0);
    }

    /**
     * The grid's frontiers with at least {@code minCells} cells, largest first, leaving out frontier cells
     * within {@code wallMarginCells} (Chebyshev distance) of an OCCUPIED cell. Why: a wall the sonars only grazed
     * keeps a few of its cells unknown, and the free cells beside them look like frontier that no visit resolves
     * (the sensors look ahead and at 45 degrees, never straight at a wall the robot drives along); a doorway
     * keeps its middle, which is farther than the margin from both frames.
     *
     * @param minCells        smallest frontier kept, {@code >= 1}
     * @param wallMarginCells {@code >= 0}; 0 keeps every frontier cell
     */
    public static List<Frontier> find(LogOddsGrid grid, int minCells, int wallMarginCells) {
        if (minCells < 1) {
            throw new IllegalArgumentException("minCells must be >= 1; was " + minCells);
        }
        if (wallMarginCells < 0) {
            throw new IllegalArgumentException("wallMarginCells must be >= 0; was " + wallMarginCells);
        }
        List<Frontier> out = new ArrayList<>();
        if (grid.isEmpty()) {
            return out;
        }
        int c0 = grid.minCol();
        int r0 = grid.minRow();
        int w = grid.maxCol() - c0 + 1;
        int h = grid.maxRow() - r0 + 1;
        boolean[] frontier = new boolean[w * h];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int col = c0 + c;
                int row = r0 + r;
                if (grid.state(col, row) == CellState.FREE && (unknown(grid, col + 1, row) || unknown(grid, col - 1, row)
                        || unknown(grid, col, row + 1) || unknown(grid, col, row - 1))
                        && !nearOccupied(grid, col, row, wallMarginCells)) {
                    frontier[r * w + c] = true;
                }
            }
        }
        int[] stack = new int[w * h];
        int[] members = new int[w * h];
        for (int start = 0; start < frontier.length; start++) {
            if (!frontier[start]) {
                continue;
            }
            int top = 0;
            int count = 0;
            stack[top++] = start;
            frontier[start] = false;
            double sx = 0;
            double sy = 0;
            while (top > 0) {
                int i = stack[--top];
                members[count++] = i;
                int c = i % w;
                int r = i / w;
                sx += grid.centreX(c0 + c);
                sy += grid.centreY(r0 + r);
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int nc = c + dc;
                        int nr = r + dr;
                        if (nc >= 0 && nr >= 0 && nc < w && nr < h && frontier[nr * w + nc]) {
                            frontier[nr * w + nc] = false;
                            stack[top++] = nr * w + nc;
                        }
                    }
                }
            }
            if (count < minCells) {
                continue;
            }
            double cx = sx / count;
            double cy = sy / count;
            int best = members[0];
            double bestD = Double.POSITIVE_INFINITY;
            for (int k = 0; k < count; k++) {
                int i = members[k];
                double d = Math.hypot(grid.centreX(c0 + i % w) - cx, grid.centreY(r0 + i / w) - cy);
                if (d < bestD) {
                    bestD = d;
                    best = i;
                }
            }
            int tc = c0 + best % w;
            int tr = r0 + best / w;
            out.add(new Frontier(count, cx, cy, tc, tr, grid.centreX(tc), grid.centreY(tr)));
        }
        out.sort(Comparator.comparingInt(Frontier::cells).reversed());
        return out;
    }

    private static boolean nearOccupied(LogOddsGrid grid, int col, int row, int margin) {
        for (int dr = -margin; dr <= margin && margin > 0; dr++) {
            for (int dc = -margin; dc <= margin; dc++) {
                if (grid.state(col + dc, row + dr) == CellState.OCCUPIED) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean unknown(LogOddsGrid grid, int col, int row) {
        return grid.state(col, row) == CellState.UNKNOWN;
    }
}
