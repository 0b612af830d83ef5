package io.wally.runtime.dashboard;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The dashboard's map encoding: run-length pairs of one cell-state byte and the run's length as an unsigned
 * LEB128 varint. Occupancy grids are long runs of free, wall or unknown cells, so a house map shrinks to a few
 * percent of one byte per cell; the page decodes it in a few lines of plain JavaScript (no library).
 *
 * <pre>
 *  cells  0 0 0 0 1 1 2 ...           encoded  [0][4] [1][2] [2][..] ...
 *                                               state varint(run)
 * </pre>
 *
 * Stateless; any thread.
 */
public final class GridCodec {

    private GridCodec() {
    }

    /** Encodes {@code cells} (one state per cell, row-major). */
    public static byte[] encode(byte[] cells) {
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

    /**
     * Decodes {@code encoded} into {@code cellCount} cells.
     *
     * @throws IllegalArgumentException when the runs do not add up to {@code cellCount} or a varint is cut
     */
    public static byte[] decode(byte[] encoded, int cellCount) {
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
