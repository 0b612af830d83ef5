package io.wally.runtime.mapping;

import io.wally.hal.sim.WorldGrid;
import io.wally.maps.importer.CellState;
import io.wally.maps.mapping.LogOddsGrid;
import java.util.ArrayDeque;

/**
 * A mapped grid measured against the simulator's true grid, over the true grid's cells (the house):
 * <ul>
 *   <li>{@code agreement}: of the true cells the map knows (free or occupied), the share whose state matches
 *       (a mapped cell is looked up at the true cell's centre);
 *   <li>{@code freeIou}: intersection over union of mapped-free and reachable true-free cells;
 *   <li>{@code coverage}: share of the reachable floor (true-free cells 4-connected to the start) mapped free.
 * </ul>
 *
 * @param knownCells      true cells the map knows
 * @param agreement       in [0, 1]
 * @param freeIou         in [0, 1]
 * @param coverage        in [0, 1]
 * @param reachableCells  size of the reachable floor
 */
public record MapScore(long knownCells, double agreement, double freeIou, double coverage, long reachableCells) {

    /** Scores {@code map} against {@code truth}; the floor is flooded from {@code (startX, startY)}. */
    public static MapScore of(LogOddsGrid map, WorldGrid truth, double startX, double startY) {
        int w = truth.widthCells();
        int h = truth.heightCells();
        boolean[] reachable = new boolean[w * h];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int c0 = truth.col(startX);
        int r0 = truth.row(startY);
        if (truth.contains(c0, r0) && !truth.occupied(c0, r0)) {
            reachable[r0 * w + c0] = true;
            queue.add(r0 * w + c0);
        }
        int[][] steps = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}};
        while (!queue.isEmpty()) {
            int i = queue.poll();
            for (int[] s : steps) {
                int c = i % w + s[0];
                int r = i / w + s[1];
                if (truth.contains(c, r) && !truth.occupied(c, r) && !reachable[r * w + c]) {
                    reachable[r * w + c] = true;
                    queue.add(r * w + c);
                }
            }
        }
        long known = 0;
        long agree = 0;
        long inter = 0;
        long union = 0;
        long floor = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                CellState s = map.state(map.colAt(truth.centerX(c)), map.rowAt(truth.centerY(r)));
                boolean occupied = truth.occupied(c, r);
                boolean mappedFree = s == CellState.FREE;
                if (s != CellState.UNKNOWN) {
                    known++;
                    if (mappedFree != occupied) {
                        agree++;
                    }
                }
                boolean floorCell = reachable[r * w + c];
                floor += floorCell ? 1 : 0;
                inter += floorCell && mappedFree ? 1 : 0;
                union += floorCell || mappedFree ? 1 : 0;
            }
        }
        return new MapScore(known, known == 0 ? 0 : (double) agree / known, union == 0 ? 0 : (double) inter / union,
                floor == 0 ? 0 : (double) inter / floor, floor);
    }
}
