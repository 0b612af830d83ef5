package io.wally.maps.importer;

import java.util.Objects;

/**
 * A parsed occupancy grid, independent of any graph: {@code width x height} cells of
 * {@link CellState}, row 0 at the top (image order), with a world frame.
 *
 * <p>World frame (as ROS {@code map_server}): the lower-left corner of the bottom-left cell sits at
 * {@code (originX, originY)} metres, rotated by {@code originYawRadians} counter-clockwise; a cell is
 * {@code resolutionMetres} wide. The centre of cell {@code (col, row)} is therefore at local
 * {@code ((col + 0.5)·res, (height − 1 − row + 0.5)·res)}. Moving AI grids use resolution 1, origin 0.
 *
 * <p>Immutable after construction (the cell array is copied); thread-safe.
 */
public final class OccupancyGrid {

    private final int width;
    private final int height;
    private final double resolutionMetres;
    private final double originX;
    private final double originY;
    private final double originYawRadians;
    private final byte[] cells;

    /**
     * @param width cells per row, {@code >= 1}
     * @param height rows, {@code >= 1}
     * @param resolutionMetres cell size, finite and {@code > 0}
     * @param states {@code width * height} states, row-major, row 0 at the top
     */
    public OccupancyGrid(int width, int height, double resolutionMetres, double originX, double originY,
            double originYawRadians, CellState[] states) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("grid must be at least 1 x 1; was " + width + " x " + height);
        }
        if ((long) width * height > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("grid too large: " + width + " x " + height);
        }
        if (!(resolutionMetres > 0) || Double.isInfinite(resolutionMetres)) {
            throw new IllegalArgumentException("resolution must be finite and > 0; was " + resolutionMetres);
        }
        if (!Double.isFinite(originX) || !Double.isFinite(originY) || !Double.isFinite(originYawRadians)) {
            throw new IllegalArgumentException("origin must be finite; was (" + originX + ", " + originY + ", " + originYawRadians + ")");
        }
        Objects.requireNonNull(states, "states");
        if (states.length != width * height) {
            throw new IllegalArgumentException("expected " + width * height + " cell states; got " + states.length);
        }
        this.width = width;
        this.height = height;
        this.resolutionMetres = resolutionMetres;
        this.originX = originX;
        this.originY = originY;
        this.originYawRadians = originYawRadians;
        this.cells = new byte[states.length];
        for (int i = 0; i < states.length; i++) {
            cells[i] = (byte) states[i].ordinal();
        }
    }

    /** Cells per row, {@code >= 1}. */
    public int width() {
        return width;
    }

    /** Number of rows, {@code >= 1}. */
    public int height() {
        return height;
    }

    /** Cell size in metres. */
    public double resolutionMetres() {
        return resolutionMetres;
    }

    /** World x of the grid's lower-left corner, metres. */
    public double originX() {
        return originX;
    }

    /** World y of the grid's lower-left corner, metres. */
    public double originY() {
        return originY;
    }

    /** Rotation of the grid in the world, radians counter-clockwise. */
    public double originYawRadians() {
        return originYawRadians;
    }

    /** State of cell {@code (col, row)}, row 0 at the top. */
    public CellState state(int col, int row) {
        checkCell(col, row);
        return CellState.values()[cells[row * width + col]];
    }

    /** Whether cell {@code (col, row)} is passable under {@code unknown}. */
    public boolean passable(int col, int row, UnknownCells unknown) {
        checkCell(col, row);
        int s = cells[row * width + col];
        return s == CellState.FREE.ordinal() || (s == CellState.UNKNOWN.ordinal() && unknown == UnknownCells.FREE);
    }

    /** World x of the centre of cell {@code (col, row)}, metres. */
    public double cellCentreX(int col, int row) {
        double lx = (col + 0.5) * resolutionMetres;
        double ly = (height - 1 - row + 0.5) * resolutionMetres;
        return originX + Math.cos(originYawRadians) * lx - Math.sin(originYawRadians) * ly;
    }

    /** World y of the centre of cell {@code (col, row)}, metres. */
    public double cellCentreY(int col, int row) {
        double lx = (col + 0.5) * resolutionMetres;
        double ly = (height - 1 - row + 0.5) * resolutionMetres;
        return originY + Math.sin(originYawRadians) * lx + Math.cos(originYawRadians) * ly;
    }

    /** Column of the cell containing world point {@code (x, y)}; may be outside {@code [0, width)}. */
    public int colAt(double x, double y) {
        double dx = x - originX;
        double dy = y - originY;
        double lx = Math.cos(originYawRadians) * dx + Math.sin(originYawRadians) * dy;
        return (int) Math.floor(lx / resolutionMetres);
    }

    /** Row of the cell containing world point {@code (x, y)}; may be outside {@code [0, height)}. */
    public int rowAt(double x, double y) {
        double dx = x - originX;
        double dy = y - originY;
        double ly = -Math.sin(originYawRadians) * dx + Math.cos(originYawRadians) * dy;
        return height - 1 - (int) Math.floor(ly / resolutionMetres);
    }

    /** Whether {@code (col, row)} is inside the grid. */
    public boolean inside(int col, int row) {
        return col >= 0 && col < width && row >= 0 && row < height;
    }

    private void checkCell(int col, int row) {
        if (!inside(col, row)) {
            throw new IndexOutOfBoundsException("cell (" + col + ", " + row + ") outside " + width + " x " + height + " grid");
        }
    }
}
