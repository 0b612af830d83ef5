package io.wally.maps.graph;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The distinct (weight, type) pairs that narrow adjacency entries ({@link AdjacencyDescriptor}) refer
 * to by a one-byte code: {@value #CAPACITY} entries in {@value #BYTES} off-heap bytes, little-endian.
 * Robot maps have few distinct pairs (a grid has two: 1 straight and &radic;2 diagonal), so most edges
 * fit a narrow entry.
 *
 * <pre>
 *  entry (8 bytes) at code * 8:   0              4             8
 *                                 +--------------+-------------+
 *                                 | weight: f32  | type: i32   |      unused code: weight NaN
 *                                 +--------------+-------------+
 * </pre>
 *
 * <p>The entries live beside the compact area {@link OffHeapGraph#compact()} writes (and at the start
 * of an image's edges section); a small on-heap table maps a pair to its code for the writer. An
 * entry never changes once written: a pair that is not in the palette makes its record wide.
 *
 * <p>Threading: built and looked up by the graph's single writer; {@link #weight} and {@link #type}
 * are plain reads.
 */
final class EdgePalette {

    static final int CAPACITY = 256;
    static final int ENTRY_BYTES = 8;
    static final int BYTES = CAPACITY * ENTRY_BYTES;
    static final int WEIGHT_OFFSET = 0;
    static final int TYPE_OFFSET = 4;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static final int SLOTS = 2 * CAPACITY;

    private final MemorySegment entries;
    /** Open addressing over the pairs: the code + 1 per slot, 0 when free. */
    private final int[] slots = new int[SLOTS];
    private final long[] keys = new long[SLOTS];
    private int size;
    /** Memo of {@link #codesMatch}: the palette last compared, and the answer. */
    private EdgePalette comparedWith;
    private boolean matched;

    /** An empty palette over {@code entries} ({@value #BYTES} bytes), which it marks unused. */
    static EdgePalette empty(MemorySegment entries) {
        for (int code = 0; code < CAPACITY; code++) {
            entries.set(FLOAT, (long) code * ENTRY_BYTES + WEIGHT_OFFSET, Float.NaN);
            entries.set(INT, (long) code * ENTRY_BYTES + TYPE_OFFSET, 0);
        }
        return new EdgePalette(entries);
    }

    /** The palette stored in {@code entries} (an image's): its codes are read back, up to the first unused one. */
    static EdgePalette read(MemorySegment entries) {
        EdgePalette palette = new EdgePalette(entries);
        for (int code = 0; code < CAPACITY; code++) {
            float w = palette.weight(code);
            if (Float.isNaN(w)) {
                break;
            }
            palette.index(key(w, palette.type(code)), code);
            palette.size = code + 1;
        }
        return palette;
    }

    private EdgePalette(MemorySegment entries) {
        if (entries.byteSize() != BYTES) {
            throw new IllegalArgumentException("an edge palette takes " + BYTES + " bytes; got " + entries.byteSize());
        }
        this.entries = entries;
    }

    /** The code of the pair, or -1 when it is not in the palette. */
    int code(float weight, int type) {
        long key = key(weight, type);
        for (int slot = mix(key); ; slot = (slot + 1) & (SLOTS - 1)) {
            int codePlusOne = slots[slot];
            if (codePlusOne == 0) {
                return -1;
            }
            if (keys[slot] == key) {
                return codePlusOne - 1;
            }
        }
    }

    /** The code of the pair, adding it when there is room; -1 when the palette is full without it. */
    int codeOrAdd(float weight, int type) {
        int code = code(weight, type);
        if (code >= 0 || size == CAPACITY) {
            return code;
        }
        code = size++;
        entries.set(FLOAT, (long) code * ENTRY_BYTES + WEIGHT_OFFSET, weight);
        entries.set(INT, (long) code * ENTRY_BYTES + TYPE_OFFSET, type);
        index(key(weight, type), code);
        return code;
    }

    /** The weight of {@code code}. */
    float weight(int code) {
        return entries.get(FLOAT, (long) code * ENTRY_BYTES + WEIGHT_OFFSET);
    }

    /** The type of {@code code}. */
    int type(int code) {
        return entries.get(INT, (long) code * ENTRY_BYTES + TYPE_OFFSET);
    }

    /** The off-heap entries (for cursors, which read them directly, and for images). */
    MemorySegment entries() {
        return entries;
    }

    int size() {
        return size;
    }

    /**
     * Whether {@code other} gives every code the same pair as this palette (so narrow entries can be
     * copied between them as they are). Call once both are built: the answer is remembered.
     */
    boolean codesMatch(EdgePalette other) {
        if (other == this) {
            return true;
        }
        if (other != comparedWith) {
            comparedWith = other;
            long used = (long) size * ENTRY_BYTES;
            matched = other != null && other.size == size
                    && entries.asSlice(0, used).mismatch(other.entries.asSlice(0, used)) < 0;
        }
        return matched;
    }

    private void index(long key, int code) {
        int slot = mix(key);
        while (slots[slot] != 0) {
            slot = (slot + 1) & (SLOTS - 1);
        }
        slots[slot] = code + 1;
        keys[slot] = key;
    }

    private static long key(float weight, int type) {
        return (long) Float.floatToRawIntBits(weight) << 32 | Integer.toUnsignedLong(type);
    }

    private static int mix(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> 55) & (SLOTS - 1);
    }
}
