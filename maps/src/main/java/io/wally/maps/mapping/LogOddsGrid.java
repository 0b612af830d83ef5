package io.wally.maps.mapping;

import io.wally.maps.importer.CellState;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * An occupancy grid in log-odds (Thrun, Burgard and Fox, Probabilistic Robotics, ch. 9) that grows as
 * cells are touched: no size is known in advance. Cells are addressed by global indices: cell
 * {@code (col, row)} covers {@code [originX + col * res, originX + (col + 1) * res)} in x (likewise y),
 * with negative indices allowed, so a grid can be aligned with another grid's cells once at construction
 * and stays aligned however it grows.
 *
 * <p>Storage: one off-heap block of floats (row-major over the allocated rectangle) behind this class;
 * growth allocates a block about twice as large in each grown direction and copies, so the writer's update
 * allocates nothing except on the rare growth. A cell never touched reads 0 (probability 0.5: unknown).
 *
 * <p>States as ROS map_server reads a map: a cell is {@link CellState#OCCUPIED} above probability
 * {@value #OCCUPIED_PROBABILITY}, {@link CellState#FREE} below {@value #FREE_PROBABILITY}, else unknown.
 *
 * <p>Threading: one writer; not safe for concurrent reads while it writes (copy what others need).
 * Lifecycle: {@link #close()} frees the block; any use afterwards fails.
 */
public final class LogOddsGrid implements AutoCloseable {

    /** ROS map_server's default {@code occupied_thresh}. */
    public static final double OCCUPIED_PROBABILITY = 0.65;
    /** ROS map_server's default {@code free_thresh}. */
    public static final double FREE_PROBABILITY = 0.196;
    /** Log-odds at or above which a cell is occupied. */
    public static final float OCCUPIED_LOG_ODDS = (float) Math.log(OCCUPIED_PROBABILITY / (1 - OCCUPIED_PROBABILITY));
    /** Log-odds below which a cell is free. */
    public static final float FREE_LOG_ODDS = (float) Math.log(FREE_PROBABILITY / (1 - FREE_PROBABILITY));

    private static final int MIN_SIDE_CELLS = 16;

    private final double resolutionMeters;
    private final double originXMeters;
    private final double originYMeters;
    private final float minLogOdds;
    private final float maxLogOdds;
    private Arena arena;
    private MemorySegment cells;
    /** Allocated rectangle: global indices of its first column/row and its size. */
    private int baseCol;
    private int baseRow;
    private int width;
    private int height;
    /** Extent of the cells ever written (inclusive); empty while {@code touchedMinCol > touchedMaxCol}. */
    private int touchedMinCol = Integer.MAX_VALUE;
    private int touchedMaxCol = Integer.MIN_VALUE;
    private int touchedMinRow = Integer.MAX_VALUE;
    private int touchedMaxRow = Integer.MIN_VALUE;
    private int growths;

    /**
     * @param resolutionMeters cell edge, metres ({@code > 0})
     * @param originXMeters    x of the left edge of column 0
     * @param originYMeters    y of the bottom edge of row 0
     * @param minLogOdds       clamp below ({@code < 0}): how sure "free" may get, so a cell can still turn occupied
     * @param maxLogOdds       clamp above ({@code > 0}): how sure "occupied" may get, so a moved obstacle clears
     */
    public LogOddsGrid(double resolutionMeters, double originXMeters, double originYMeters, float minLogOdds, float maxLogOdds) {
        if (!(resolutionMeters > 0) || !Double.isFinite(resolutionMeters)) {
            throw new IllegalArgumentException("resolutionMeters must be > 0 and finite; was " + resolutionMeters);
        }
        if (!Double.isFinite(originXMeters) || !Double.isFinite(originYMeters)) {
            throw new IllegalArgumentException("origin must be finite; was (" + originXMeters + ", " + originYMeters + ")");
        }
        if (!(minLogOdds < FREE_LOG_ODDS) || !(maxLogOdds > OCCUPIED_LOG_ODDS)) {
            throw new IllegalArgumentException("clamp [" + minLogOdds + ", " + maxLogOdds + "] must reach past the free ("
                    + FREE_LOG_ODDS + ") and occupied (" + OCCUPIED_LOG_ODDS + ") thresholds");
        }
        this.resolutionMeters = resolutionMeters;
        this.originXMeters = originXMeters;
        this.originYMeters = originYMeters;
        this.minLogOdds = minLogOdds;
        this.maxLogOdds = maxLogOdds;
        this.baseCol = -MIN_SIDE_CELLS / 2;
        this.baseRow = -MIN_SIDE_CELLS / 2;
        this.width = MIN_SIDE_CELLS;
        this.height = MIN_SIDE_CELLS;
        this.arena = Arena.ofShared();
        this.cells = arena.allocate((long) width * height * Float.BYTES, Float.BYTES);
    }

    /** Cell edge, metres. */
    public double resolutionMeters() {
        return resolutionMeters;
    }

    /** x of the left edge of column 0, metres. */
    public double originXMeters() {
        return originXMeters;
    }

    /** y of the bottom edge of row 0, metres. */
    public double originYMeters() {
        return originYMeters;
    }

    /** Column holding {@code x} metres. */
    public int colAt(double xMeters) {
        return (int) Math.floor((xMeters - originXMeters) / resolutionMeters);
    }

    /** Row holding {@code y} metres. */
    public int rowAt(double yMeters) {
        return (int) Math.floor((yMeters - originYMeters) / resolutionMeters);
    }

    /** x of the centre of column {@code col}, metres. */
    public double centreX(int col) {
        return originXMeters + (col + 0.5) * resolutionMeters;
    }

    /** y of the centre of row {@code row}, metres. */
    public double centreY(int row) {
        return originYMeters + (row + 0.5) * resolutionMeters;
    }

    /** The cell's log-odds; 0 (unknown) for a cell never written. */
    public float logOdds(int col, int row) {
        int c = col - baseCol;
        int r = row - baseRow;
        if (c < 0 || r < 0 || c >= width || r >= height) {
            return 0f;
        }
        return cells.getAtIndex(ValueLayout.JAVA_FLOAT, (long) r * width + c);
    }

    /** The cell's occupancy probability in (0, 1). */
    public double probability(int col, int row) {
        return 1 - 1 / (1 + Math.exp(logOdds(col, row)));
    }

    /** The cell's state under the map_server thresholds. */
    public CellState state(int col, int row) {
        return stateOf(logOdds(col, row));
    }

    /** The state log-odds {@code l} stands for under the map_server thresholds. */
    public static CellState stateOf(float l) {
        if (l >= OCCUPIED_LOG_ODDS) {
            return CellState.OCCUPIED;
        }
        return l < FREE_LOG_ODDS ? CellState.FREE : CellState.UNKNOWN;
    }

    /**
     * Adds {@code delta} to the cell's log-odds, clamped; grows the grid when the cell lies outside.
     *
     * @return the new log-odds
     */
    public float add(int col, int row, float delta) {
        if (!Float.isFinite(delta)) {
            throw new IllegalArgumentException("delta must be finite; was " + delta);
        }
        ensure(col, row);
        long i = (long) (row - baseRow) * width + (col - baseCol);
        float v = Math.clamp(cells.getAtIndex(ValueLayout.JAVA_FLOAT, i) + delta, minLogOdds, maxLogOdds);
        cells.setAtIndex(ValueLayout.JAVA_FLOAT, i, v);
        touchedMinCol = Math.min(touchedMinCol, col);
        touchedMaxCol = Math.max(touchedMaxCol, col);
        touchedMinRow = Math.min(touchedMinRow, row);
        touchedMaxRow = Math.max(touchedMaxRow, row);
        return v;
    }

    /** Sets every cell back to unknown (the extent forgets too); the allocation is kept. */
    public void clear() {
        cells.fill((byte) 0);
        touchedMinCol = Integer.MAX_VALUE;
        touchedMaxCol = Integer.MIN_VALUE;
        touchedMinRow = Integer.MAX_VALUE;
        touchedMaxRow = Integer.MIN_VALUE;
    }

    /** True when no cell has been written since construction or {@link #clear()}. */
    public boolean isEmpty() {
        return touchedMinCol > touchedMaxCol;
    }

    /** Smallest column ever written (meaningless when {@link #isEmpty()}). */
    public int minCol() {
        return touchedMinCol;
    }

    /** Largest column ever written. */
    public int maxCol() {
        return touchedMaxCol;
    }

    /** Smallest row ever written. */
    public int minRow() {
        return touchedMinRow;
    }

    /** Largest row ever written. */
    public int maxRow() {
        return touchedMaxRow;
    }

    /** How many times the block was re-allocated to grow. */
    public int growths() {
        return growths;
    }

    /** Cells allocated now (the block's size). */
    public long allocatedCells() {
        return (long) width * height;
    }

    private void ensure(int col, int row) {
        int c = col - baseCol;
        int r = row - baseRow;
        if (c >= 0 && r >= 0 && c < width && r < height) {
            return;
        }
        // Grow towards the cell, doubling the side that grows so a robot driving away pays O(log n) copies.
        int newBaseCol = c < 0 ? Math.min(col, baseCol - width) : baseCol;
        int newBaseRow = r < 0 ? Math.min(row, baseRow - height) : baseRow;
        int newEndCol = c >= width ? Math.max(col + 1, baseCol + 2 * width) : baseCol + width;
        int newEndRow = r >= height ? Math.max(row + 1, baseRow + 2 * height) : baseRow + height;
        int newWidth = newEndCol - newBaseCol;
        int newHeight = newEndRow - newBaseRow;
        if ((long) newWidth * newHeight > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalStateException("grid would grow to " + newWidth + " x " + newHeight + " cells to hold cell (" + col + ", "
                    + row + "); a range reading far outside the mapped area?");
        }
        Arena grown = Arena.ofShared();
        MemorySegment block = grown.allocate((long) newWidth * newHeight * Float.BYTES, Float.BYTES);
        for (int y = 0; y < height; y++) {
            long from = (long) y * width * Float.BYTES;
            long to = ((long) (baseRow - newBaseRow + y) * newWidth + (baseCol - newBaseCol)) * Float.BYTES;
            MemorySegment.copy(cells, from, block, to, (long) width * Float.BYTES);
        }
        arena.close();
        arena = grown;
        cells = block;
        baseCol = newBaseCol;
        baseRow = newBaseRow;
        width = newWidth;
        height = newHeight;
        growths++;
    }

    @Override
    public void close() {
        arena.close();
    }
}
