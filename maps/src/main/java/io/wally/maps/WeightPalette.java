package io.wally.maps;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The distinct edge weights that narrow adjacency entries ({@link AdjacencyDescriptor}) refer to by a
 * one-byte code: {@value #CAPACITY} little-endian floats in {@value #BYTES} off-heap bytes, unused
 * codes holding NaN (never a valid weight, so never matched). Robot maps have few distinct weights (a
 * grid has 1 and &radic;2), so most edges fit a narrow entry.
 *
 * <p>The values live at the start of the memory {@link OffHeapGraph#compact()} allocates (and of an
 * image's edges section); a small on-heap table maps a weight's bits to its code for the writer. The
 * values never change once the palette is built: a weight that is not in it makes the record wide.
 *
 * <p>Threading: built and looked up by the graph's single writer; {@link #weight} is a plain read.
 */
final class WeightPalette {

    static final int CAPACITY = 256;
    static final int BYTES = CAPACITY * Float.BYTES;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int SLOTS = 2 * CAPACITY;
    private static final int EMPTY = -1;

    private final MemorySegment values;
    /** Open addressing: slot -> (code << 32 | float bits), {@link #EMPTY} when free. */
    private final long[] slots = new long[SLOTS];
    private int size;
    /** Memo of {@link #codesMatch}: the palette last compared, and the answer. */
    private WeightPalette comparedWith;
    private boolean matched;

    /** An empty palette over {@code values} ({@value #BYTES} bytes), which it fills with NaN. */
    static WeightPalette empty(MemorySegment values) {
        values.fill((byte) 0xFF); // 0xFFFFFFFF is a NaN
        return new WeightPalette(values);
    }

    /** The palette stored in {@code values} (an image's): its codes are read back, up to the first NaN. */
    static WeightPalette read(MemorySegment values) {
        WeightPalette palette = new WeightPalette(values);
        for (int code = 0; code < CAPACITY; code++) {
            float w = values.get(FLOAT, (long) code * Float.BYTES);
            if (Float.isNaN(w)) {
                break;
            }
            palette.index(w, code);
            palette.size = code + 1;
        }
        return palette;
    }

    private WeightPalette(MemorySegment values) {
        if (values.byteSize() != BYTES) {
            throw new IllegalArgumentException("a weight palette takes " + BYTES + " bytes; got " + values.byteSize());
        }
        this.values = values;
        java.util.Arrays.fill(slots, EMPTY);
    }

    /** The code of {@code weight}, or -1 when it is not in the palette. */
    int code(float weight) {
        int bits = Float.floatToRawIntBits(weight);
        for (int slot = mix(bits); ; slot = (slot + 1) & (SLOTS - 1)) {
            long entry = slots[slot];
            if (entry == EMPTY) {
                return -1;
            }
            if ((int) entry == bits) {
                return (int) (entry >>> 32);
            }
        }
    }

    /** The code of {@code weight}, adding it when there is room; -1 when the palette is full without it. */
    int codeOrAdd(float weight) {
        int code = code(weight);
        if (code >= 0 || size == CAPACITY) {
            return code;
        }
        code = size++;
        values.set(FLOAT, (long) code * Float.BYTES, weight);
        index(weight, code);
        return code;
    }

    /** The weight of {@code code}. */
    float weight(int code) {
        return values.get(FLOAT, (long) code * Float.BYTES);
    }

    /** The off-heap values (for cursors, which read weights straight from it, and for images). */
    MemorySegment values() {
        return values;
    }

    int size() {
        return size;
    }

    /**
     * Whether {@code other} gives every code the same weight as this palette (so narrow entries can be
     * copied between them as they are). Call once both are built: the answer is remembered.
     */
    boolean codesMatch(WeightPalette other) {
        if (other == this) {
            return true;
        }
        if (other != comparedWith) {
            comparedWith = other;
            matched = other != null && other.size == size
                    && values.asSlice(0, (long) size * Float.BYTES).mismatch(other.values.asSlice(0, (long) size * Float.BYTES)) < 0;
        }
        return matched;
    }

    private void index(float weight, int code) {
        int bits = Float.floatToRawIntBits(weight);
        int slot = mix(bits);
        while (slots[slot] != EMPTY) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        slots[slot] = (long) code << 32 | Integer.toUnsignedLong(bits);
    }

    private static int mix(int bits) {
        return (bits * 0x9E3779B1 >>> 23) & (SLOTS - 1);
    }
}
