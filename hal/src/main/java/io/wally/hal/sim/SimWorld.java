package io.wally.hal.sim;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The simulated robot's surroundings: a static {@link WorldGrid} plus obstacles added while the
 * simulation runs (on the same cells), queried by ray casting and collision tests.
 *
 * <p>Threading: obstacles may be added and removed from any thread (a scenario, a test) while the
 * simulation thread casts rays; each cell's state is published atomically, so a ray sees every cell
 * either before or after a change. Lifecycle: none (plain memory).
 */
public final class SimWorld {

    private final WorldGrid grid;
    private final AtomicLongArray added;

    /** A world with the grid's walls and no added obstacles. */
    public SimWorld(WorldGrid grid) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.added = new AtomicLongArray((grid.widthCells() * grid.heightCells() + 63) / 64);
    }

    /** The static grid. */
    public WorldGrid grid() {
        return grid;
    }

    /** True when the cell is a wall, an added obstacle, or outside the grid. */
    public boolean occupied(int col, int row) {
        if (grid.occupied(col, row)) {
            return true;
        }
        int bit = row * grid.widthCells() + col;
        return (added.get(bit >>> 6) & (1L << bit)) != 0;
    }

    /** True when the world point lies in an occupied cell. */
    public boolean occupiedAt(double x, double y) {
        return occupied(grid.col(x), grid.row(y));
    }

    /**
     * Adds an axis-aligned box obstacle covering every cell that overlaps
     * {@code [minX, maxX] × [minY, maxY]} metres.
     *
     * @return the number of cells that became occupied
     */
    public int addBox(double minX, double minY, double maxX, double maxY) {
        return setBox(minX, minY, maxX, maxY, true);
    }

    /** Adds a round obstacle: every cell whose centre lies within {@code radiusMeters} of the centre. */
    public int addDisc(double centerX, double centerY, double radiusMeters) {
        if (!(radiusMeters > 0)) {
            throw new IllegalArgumentException("radiusMeters must be > 0; was " + radiusMeters);
        }
        int changed = 0;
        for (int row = grid.row(centerY - radiusMeters); row <= grid.row(centerY + radiusMeters); row++) {
            for (int col = grid.col(centerX - radiusMeters); col <= grid.col(centerX + radiusMeters); col++) {
                double dx = grid.centerX(col) - centerX;
                double dy = grid.centerY(row) - centerY;
                if (dx * dx + dy * dy <= radiusMeters * radiusMeters && set(col, row, true)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /**
     * Adds a rotated rectangular obstacle: every cell whose centre lies within the rectangle centred at
     * {@code (centerX, centerY)}, {@code 2 × halfLengthMeters} along {@code headingRadians} and
     * {@code 2 × halfWidthMeters} across it.
     *
     * @return the number of cells that became occupied
     */
    public int addRotatedBox(double centerX, double centerY, double headingRadians, double halfLengthMeters,
            double halfWidthMeters) {
        if (!(halfLengthMeters > 0 && halfWidthMeters > 0)) {
            throw new IllegalArgumentException("box half sizes must be > 0; were " + halfLengthMeters + " and "
                    + halfWidthMeters);
        }
        double c = Math.cos(headingRadians);
        double s = Math.sin(headingRadians);
        double reach = Math.hypot(halfLengthMeters, halfWidthMeters);
        int changed = 0;
        for (int row = grid.row(centerY - reach); row <= grid.row(centerY + reach); row++) {
            for (int col = grid.col(centerX - reach); col <= grid.col(centerX + reach); col++) {
                double dx = grid.centerX(col) - centerX;
                double dy = grid.centerY(row) - centerY;
                double along = dx * c + dy * s;
                double across = -dx * s + dy * c;
                if (Math.abs(along) <= halfLengthMeters && Math.abs(across) <= halfWidthMeters && set(col, row, true)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    /** Removes added obstacles overlapping the box (walls of the grid stay). */
    public int removeBox(double minX, double minY, double maxX, double maxY) {
        return setBox(minX, minY, maxX, maxY, false);
    }

    private int setBox(double minX, double minY, double maxX, double maxY, boolean value) {
        if (!(minX <= maxX && minY <= maxY)) {
            throw new IllegalArgumentException("box must have min <= max; was [" + minX + ", " + maxX + "] x ["
                    + minY + ", " + maxY + "]");
        }
        int changed = 0;
        for (int row = grid.row(minY); row <= grid.row(maxY); row++) {
            for (int col = grid.col(minX); col <= grid.col(maxX); col++) {
                if (set(col, row, value)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private boolean set(int col, int row, boolean value) {
        if (!grid.contains(col, row)) {
            return false;
        }
        int bit = row * grid.widthCells() + col;
        int word = bit >>> 6;
        long mask = 1L << bit;
        while (true) {
            long old = added.get(word);
            long next = value ? old | mask : old & ~mask;
            if (old == next) {
                return false;
            }
            if (added.compareAndSet(word, old, next)) {
                return !grid.occupied(col, row);
            }
        }
    }

    /**
     * Distance from {@code (x, y)} along {@code headingRadians} to the first occupied cell, metres, or
     * {@code maxRangeMeters} when there is none that close. Walks the cells the ray crosses exactly
     * (Amanatides &amp; Woo, "A Fast Voxel Traversal Algorithm", 1987), so thin walls are never skipped.
     * A ray starting inside an occupied cell returns 0.
     */
    public double castRay(double x, double y, double headingRadians, double maxRangeMeters) {
        double res = grid.resolutionMeters();
        int col = grid.col(x);
        int row = grid.row(y);
        if (occupied(col, row)) {
            return 0;
        }
        double dx = Math.cos(headingRadians);
        double dy = Math.sin(headingRadians);
        int stepCol = dx > 0 ? 1 : -1;
        int stepRow = dy > 0 ? 1 : -1;
        double cellLeft = grid.originX() + col * res;
        double cellBottom = grid.originY() + row * res;
        // distance along the ray to the first vertical / horizontal cell boundary, and between boundaries
        double tMaxX = dx == 0 ? Double.POSITIVE_INFINITY : ((dx > 0 ? cellLeft + res : cellLeft) - x) / dx;
        double tMaxY = dy == 0 ? Double.POSITIVE_INFINITY : ((dy > 0 ? cellBottom + res : cellBottom) - y) / dy;
        double tDeltaX = dx == 0 ? Double.POSITIVE_INFINITY : res / Math.abs(dx);
        double tDeltaY = dy == 0 ? Double.POSITIVE_INFINITY : res / Math.abs(dy);
        while (true) {
            double t;
            if (tMaxX < tMaxY) {
                t = tMaxX;
                tMaxX += tDeltaX;
                col += stepCol;
            } else {
                t = tMaxY;
                tMaxY += tDeltaY;
                row += stepRow;
            }
            if (t >= maxRangeMeters) {
                return maxRangeMeters;
            }
            if (occupied(col, row)) {
                return Math.max(0, t);
            }
        }
    }

    /** True when a disc of {@code radiusMeters} at {@code (x, y)} overlaps any occupied cell. */
    public boolean discCollides(double x, double y, double radiusMeters) {
        double res = grid.resolutionMeters();
        for (int row = grid.row(y - radiusMeters); row <= grid.row(y + radiusMeters); row++) {
            for (int col = grid.col(x - radiusMeters); col <= grid.col(x + radiusMeters); col++) {
                if (!occupied(col, row)) {
                    continue;
                }
                double left = grid.originX() + col * res;
                double bottom = grid.originY() + row * res;
                double nearestX = Math.max(left, Math.min(x, left + res));
                double nearestY = Math.max(bottom, Math.min(y, bottom + res));
                double ddx = x - nearestX;
                double ddy = y - nearestY;
                if (ddx * ddx + ddy * ddy < radiusMeters * radiusMeters) {
                    return true;
                }
            }
        }
        return false;
    }
}
