package io.wally.maps.query;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * Result rows written by compiled code without boxing: 64 bits and a null flag per cell, row-major,
 * plus a reference per cell for string columns (references to strings that already exist: names,
 * property values, literals), growing by doubling (amortised, no allocation per row). With
 * {@code DISTINCT} a row equal to an earlier one is dropped as it ends, through an open-addressing
 * table of row numbers. Boxed only when read: {@link #rows} is a view that boxes a cell on {@code get}.
 *
 * <p>One per run; written and read by the running thread only; after the run it is read only and may
 * be handed to another thread with the result.
 */
final class RowBuffer {

    static final byte LONG = 0;
    static final byte DOUBLE = 1;
    static final byte NODE = 2;
    static final byte BOOL = 3;
    static final byte STRING = 4;

    private final byte[] types;
    private final int width;
    private final long stopAt;
    private final Limits limits;
    private final long skip;
    private final boolean checkRows;
    private long[] cells;
    private boolean[] nulls;
    private Object[] objects;
    /** Row number + 1 per slot ({@code DISTINCT} only; else null). */
    private int[] distinct;
    private int rows;
    private int at;

    /**
     * {@code stopAt}: rows after which the run may stop (SKIP + LIMIT without sorting; else unbounded);
     * {@code checkRows}: whether rows past SKIP count against the row limit as they come (not when sorting);
     * {@code distinct}: drop rows equal to an earlier row.
     */
    RowBuffer(byte[] types, long stopAt, long skip, boolean checkRows, boolean distinct, Limits limits) {
        this.checkRows = checkRows;
        this.types = types;
        this.width = types.length;
        this.stopAt = stopAt;
        this.skip = skip;
        this.limits = limits;
        this.cells = new long[Math.max(1, width) * 64];
        this.nulls = new boolean[cells.length];
        for (byte t : types) {
            if (t == STRING) {
                objects = new Object[cells.length];
            }
        }
        this.distinct = distinct ? new int[128] : null;
    }

    public void beginRow() {
        at = rows * width;
        if (at + width > cells.length) {
            cells = Arrays.copyOf(cells, cells.length * 2);
            nulls = Arrays.copyOf(nulls, nulls.length * 2);
            if (objects != null) {
                objects = Arrays.copyOf(objects, objects.length * 2);
            }
        }
    }

    public void putLong(int column, long v) {
        cells[at + column] = v;
        nulls[at + column] = false;
    }

    public void putDouble(int column, double v) {
        cells[at + column] = Double.doubleToLongBits(v); // one NaN, as Double.equals sees it (DISTINCT)
        nulls[at + column] = false;
    }

    public void putNull(int column) {
        nulls[at + column] = true;
    }

    public void putString(int column, String v) {
        objects[at + column] = v;
        nulls[at + column] = v == null;
    }

    /** Ends the row; false when the run has enough rows (LIMIT reached). */
    public boolean endRow() {
        if (distinct != null && seenBefore()) {
            return true;
        }
        rows++;
        if (checkRows) {
            limits.checkRows(rows - skip);
        }
        return rows < stopAt;
    }

    /** Whether the row being written equals an earlier one; if not, records it. */
    private boolean seenBefore() {
        int mask = distinct.length - 1;
        int i = hash(rows) & mask;
        while (distinct[i] != 0) {
            if (same(distinct[i] - 1, rows)) {
                return true;
            }
            i = i + 1 & mask;
        }
        distinct[i] = rows + 1;
        if ((rows + 1) * 2 > distinct.length) {
            int[] grown = new int[distinct.length * 2];
            int m = grown.length - 1;
            for (int r = 0; r <= rows; r++) {
                int j = hash(r) & m;
                while (grown[j] != 0) {
                    j = j + 1 & m;
                }
                grown[j] = r + 1;
            }
            distinct = grown;
        }
        return false;
    }

    private int hash(int row) {
        int h = 1;
        for (int c = 0, i = row * width; c < width; c++, i++) {
            int v = nulls[i] ? 0x9E37_79B9 : types[c] == STRING ? objects[i].hashCode() : Long.hashCode(cells[i]);
            h = h * 31 + v;
        }
        return h ^ h >>> 16;
    }

    private boolean same(int a, int b) {
        for (int c = 0, i = a * width, j = b * width; c < width; c++, i++, j++) {
            if (nulls[i] != nulls[j]) {
                return false;
            }
            if (!nulls[i] && (types[c] == STRING ? !Objects.equals(objects[i], objects[j]) : cells[i] != cells[j])) {
                return false;
            }
        }
        return true;
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
            case STRING -> objects[i];
            default -> v == 1;
        };
    }

    /** Every row boxed (for sorting). */
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

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as an unmodifiable list that boxes a cell when it is read. */
    List<List<Object>> rows(int from, int to) {
        return new Rows(this, from, to);
    }

    /** Read-only rows over a finished buffer; a row is a view too, so nothing is boxed before it is read. */
    static final class Rows extends AbstractList<List<Object>> implements RandomAccess {
        private final RowBuffer buffer;
        private final int from;
        private final int size;

        Rows(RowBuffer buffer, int from, int to) {
            this.buffer = buffer;
            this.from = from;
            this.size = Math.max(0, to - from);
        }

        @Override
        public List<Object> get(int index) {
            Objects.checkIndex(index, size);
            return new Row(buffer, from + index);
        }

        @Override
        public int size() {
            return size;
        }
    }

    private static final class Row extends AbstractList<Object> implements RandomAccess {
        private final RowBuffer buffer;
        private final int row;

        Row(RowBuffer buffer, int row) {
            this.buffer = buffer;
            this.row = row;
        }

        @Override
        public Object get(int index) {
            Objects.checkIndex(index, buffer.width);
            return buffer.value(row, index);
        }

        @Override
        public int size() {
            return buffer.width;
        }
    }
}
