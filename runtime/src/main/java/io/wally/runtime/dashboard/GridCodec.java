package io.wally.runtime.dashboard;

import io.wally.maps.importer.CellState;
import io.wally.maps.importer.OccupancyGrid;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The dashboard's map encoding: each row XOR the row before it (a wall running across rows becomes zeros
 * after its first row), then run-length pairs of one byte and the run's length as an unsigned LEB128 varint.
 * Occupancy grids are long runs of free, wall or unknown cells, so a map shrinks to a few percent of one
 * byte per cell; the page decodes it in a few lines of plain JavaScript (no library).
 *
 * <pre>
 *  row 0   0 0 1 0 0          xor'd  0 0 1 0 0      runs  [0][2] [1][1] [0][2+5] ...
 *  row 1   0 0 1 0 0                 0 0 0 0 0            byte varint(run)
 * </pre>
 *
 * Stateless; any thread.
 */
public final class GridCodec {

    private GridCodec() {
    }

    /** The dashboard's cell states of {@code grid} (free 0, wall 1, unknown 2), row-major, row 0 at the top (image order, as {@link OccupancyGrid}). */
    public static byte[] cellsOf(OccupancyGrid grid) {
        byte[] cells = new byte[grid.width() * grid.height()];
        for (int row = 0; row < grid.height(); row++) {
            for (int col = 0; col < grid.width(); col++) {
                CellState s = grid.state(col, row);
                cells[row * grid.width() + col] = s == CellState.FREE ? MapLayer.FREE : s == CellState.UNKNOWN ? MapLayer.UNKNOWN : MapLayer.WALL;
            }
        }
        return cells;
    }

    /** Encodes {@code cells} (one state per cell, row-major, rows of {@code width} cells). */
    public static byte[] encode(byte[] cells, int width) {
        byte[] xored = cells.clone();
        for (int i = xored.length - 1; i >= width; i--) {
            xored[i] ^= cells[i - width];
        }
        return runLengths(xored);
    }

    /**
     * Decodes {@code encoded} into {@code cellCount} cells in rows of {@code width}.
     *
     * @throws IllegalArgumentException when the runs do not add up to {@code cellCount} or a varint is cut
     */
    public static byte[] decode(byte[] encoded, int cellCount, int width) {
        byte[] cells = runs(encoded, cellCount);
        for (int i = width; i < cells.length; i++) {
            cells[i] ^= cells[i - width];
        }
        return cells;
    }

    private static byte[] runLengths(byte[] cells) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(16, cells.length / 32));
        int i = 0;
        while (i < cells.length) {
            byte state = cells[i];
            int run = 1;
            while (i + run < cells.length && cells[i + run] == state) {
                run++;
            }
            out.write(state);
            int rest = run;
            while (rest >= 0x80) { // LEB128: seven bits a byte, high bit says "more"
                out.write((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            out.write(rest);
            i += run;
        }
        return out.toByteArray();
    }

    private static byte[] runs(byte[] encoded, int cellCount) {
        byte[] cells = new byte[cellCount];
        int at = 0;
        int i = 0;
        while (i < encoded.length) {
            byte state = encoded[i++];
            int run = 0;
            int shift = 0;
            while (true) {
                if (i >= encoded.length || shift > 28) {
                    throw new IllegalArgumentException("run length cut or too long at byte " + i + " of " + encoded.length);
                }
                int b = encoded[i++] & 0xff;
                run |= (b & 0x7f) << shift;
                shift += 7;
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (run <= 0 || at + run > cellCount) {
                throw new IllegalArgumentException("runs exceed " + cellCount + " cells (run of " + run + " at cell " + at + ")");
            }
            Arrays.fill(cells, at, at + run, state);
            at += run;
        }
        if (at != cellCount) {
            throw new IllegalArgumentException("runs cover " + at + " cells; expected " + cellCount);
        }
        return cells;
    }
}
