package io.wally.hal.sim;

import java.util.BitSet;
import java.util.Objects;

/**
 * The simulated world's static walls: square cells of {@code resolutionMeters}, {@code widthCells × heightCells},
 * cell {@code (0, 0)} with its lower-left corner at {@code (originX, originY)} metres. Column {@code col}
 * grows with x, row {@code row} grows with y (row 0 is the bottom, unlike an image).
 *
 * <p>Immutable after construction; safe to share between threads. Anything outside the grid counts as
 * occupied (the simulated robot cannot leave the map). Built from a {@code boolean[][]} handed over by
 * the caller ({@link #fromRows}) or read from a ROS {@code map_server} file ({@link WorldGridReader}).
 * Two states only (wall or free): unlike the planner's tri-state grid in the maps module, an unknown cell
 * is simply a wall to the physics.
 */
public final class WorldGrid {

    private final int widthCells;
    private final int heightCells;
    private final double resolutionMeters;
    private final double originX;
    private final double originY;
    private final BitSet occupied;

    private WorldGrid(int widthCells, int heightCells, double resolutionMeters, double originX, double originY,
            BitSet occupied) {
        if (widthCells <= 0 || heightCells <= 0) {
            throw new IllegalArgumentException(
                    "grid must have at least one cell; was " + widthCells + " x " + heightCells);
        }
        if (!(resolutionMeters > 0) || Double.isInfinite(resolutionMeters)) {
            throw new IllegalArgumentException("resolutionMeters must be > 0; was " + resolutionMeters);
        }
        if (!Double.isFinite(originX) || !Double.isFinite(originY)) {
            throw new IllegalArgumentException("origin must be finite; was (" + originX + ", " + originY + ")");
        }
        this.widthCells = widthCells;
        this.heightCells = heightCells;
        this.resolutionMeters = resolutionMeters;
        this.originX = originX;
        this.originY = originY;
        this.occupied = occupied;
    }

    /**
     * A grid from rows of cells: {@code occupiedRowsBottomUp[row][col]}, row 0 at the bottom (smallest y).
     * All rows must have the same length; the array is copied.
     */
    public static WorldGrid fromRows(boolean[][] occupiedRowsBottomUp, double resolutionMeters, double originX,
            double originY) {
        Objects.requireNonNull(occupiedRowsBottomUp, "rows");
        int height = occupiedRowsBottomUp.length;
        int width = height == 0 ? 0 : occupiedRowsBottomUp[0].length;
        BitSet bits = new BitSet(width * height);
        for (int row = 0; row < height; row++) {
            if (occupiedRowsBottomUp[row].length != width) {
                throw new IllegalArgumentException("row " + row + " has " + occupiedRowsBottomUp[row].length
                        + " cells; row 0 has " + width);
            }
            for (int col = 0; col < width; col++) {
                if (occupiedRowsBottomUp[row][col]) {
                    bits.set(row * width + col);
                }
            }
        }
        return new WorldGrid(width, height, resolutionMeters, originX, originY, bits);
    }

    /** Builds from a row-major bit set (bit {@code row * width + col}); used by the reader, no copy. */
    static WorldGrid ofBits(int widthCells, int heightCells, double resolutionMeters, double originX,
            double originY, BitSet occupied) {
        return new WorldGrid(widthCells, heightCells, resolutionMeters, originX, originY, occupied);
    }

    /** Columns (along x). */
    public int widthCells() {
        return widthCells;
    }

    /** Rows (along y). */
    public int heightCells() {
        return heightCells;
    }

    /** Cell edge length, metres. */
    public double resolutionMeters() {
        return resolutionMeters;
    }

    /** World x of the grid's left edge, metres. */
    public double originX() {
        return originX;
    }

    /** World y of the grid's bottom edge, metres. */
    public double originY() {
        return originY;
    }

    /** The column containing world x (may be outside {@code [0, widthCells)}). */
    public int col(double x) {
        return (int) Math.floor((x - originX) / resolutionMeters);
    }

    /** The row containing world y (may be outside {@code [0, heightCells)}). */
    public int row(double y) {
        return (int) Math.floor((y - originY) / resolutionMeters);
    }

    /** True when the cell is inside the grid. */
    public boolean contains(int col, int row) {
        return col >= 0 && row >= 0 && col < widthCells && row < heightCells;
    }

    /** True when the cell is occupied or outside the grid. */
    public boolean occupied(int col, int row) {
        return !contains(col, row) || occupied.get(row * widthCells + col);
    }

    /** World x of a column's centre, metres. */
    public double centerX(int col) {
        return originX + (col + 0.5) * resolutionMeters;
    }

    /** World y of a row's centre, metres. */
    public double centerY(int row) {
        return originY + (row + 0.5) * resolutionMeters;
    }
}
