package io.wally.maps.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Result rows written by compiled code without boxing: 64 bits and a null flag per cell, row-major,
 * growing by doubling (amortised, no allocation per row). Boxed only when the run hands its rows over.
 *
 * <p>One per run; written and read by the running thread only.
 */
final class RowBuffer {

    static final byte LONG = 0;
    static final byte DOUBLE = 1;
    static final byte NODE = 2;
    static final byte BOOL = 3;

    private final byte[] types;
    private final int width;
    private final long stopAt;
    private final Limits limits;
    private final long skip;
    private long[] cells;
    private boolean[] nulls;
    private int rows;
    private int at;

    private final boolean checkRows;

    /**
     * {@code stopAt}: rows after which the run may stop (SKIP + LIMIT without sorting; else unbounded);
     * {@code checkRows}: whether rows past SKIP count against the row limit as they come (not when sorting).
     */
    RowBuffer(byte[] types, long stopAt, long skip, boolean checkRows, Limits limits) {
        this.checkRows = checkRows;
        this.types = types;
        this.width = types.length;
        this.stopAt = stopAt;
        this.skip = skip;
        this.limits = limits;
        this.cells = new long[Math.max(1, width) * 64];
        this.nulls = new boolean[cells.length];
    }

    public void beginRow() {
        at = rows * width;
        if (at + width > cells.length) {
            cells = Arrays.copyOf(cells, cells.length * 2);
            nulls = Arrays.copyOf(nulls, nulls.length * 2);
        }
    }

    public void putLong(int column, long v) {
        cells[at + column] = v;
        nulls[at + column] = false;
    }

    public void putDouble(int column, double v) {
        cells[at + column] = Double.doubleToRawLongBits(v);
        nulls[at + column] = false;
    }

    public void putNull(int column) {
        nulls[at + column] = true;
    }

    /** Ends the row; false when the run has enough rows (LIMIT reached). */
    public boolean endRow() {
        rows++;
        if (checkRows) {
            limits.checkRows(rows - skip);
        }
        return rows < stopAt;
    }

    int rows() {
        return rows;
    }

    Object value(int row, int column) {
        int i = row * width + column;
        if (nulls[i]) {
            return null;
        }
        long v = cells[i];
        return switch (types[column]) {
            case LONG -> v;
            case DOUBLE -> Double.longBitsToDouble(v);
            case NODE -> new NodeValue((int) v);
            default -> v == 1;
        };
    }

    List<Object[]> boxed() {
        List<Object[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            Object[] row = new Object[width];
            for (int c = 0; c < width; c++) {
                row[c] = value(r, c);
            }
            out.add(row);
        }
        return out;
    }
}
