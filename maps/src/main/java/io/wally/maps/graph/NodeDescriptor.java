package io.wally.maps.graph;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the nodes of {@link OffHeapGraph}: 16 bytes per node id, little-endian, split in two arrays
 * indexed by node id (structure of arrays): a 4-byte word and a 12-byte place.
 *
 * <pre>
 *  words: word i at byte 4 * i          places: place i at byte 12 * i
 *  31     30       29 ............... 0  0          4          8          12
 * +------+--------+------------------+  +----------+----------+----------+
 * | LIVE | BLOCKED| adjacency handle |  | x: f32   | y: f32   | labels   |
 * +------+--------+----- (30 bits) --+  | metres   | metres   | i32      |
 *                                       +----------+----------+----------+
 * </pre>
 *
 * Searches read only the words (liveness, the blocked flag and where the out-edges are): 4 bytes per
 * node, so a breadth-first search over a million nodes keeps 4 MB of them in cache instead of 16.
 * A removed node's word and place are all zero (LIVE clear). The adjacency handle is described in
 * {@link AdjacencyDescriptor}; {@link AdjacencyDescriptor#NO_ADJACENCY} means no out-edges.
 */
final class NodeDescriptor {

    /** Bytes per node id, word and place together. */
    static final int RECORD_BYTES = 16;
    static final int WORD_BYTES = 4;
    static final int PLACE_BYTES = 12;
    static final int X_OFFSET = 0;
    static final int Y_OFFSET = 4;
    static final int LABELS_OFFSET = 8;

    static final int LIVE_BIT = 1 << 31;
    static final int BLOCKED_BIT = 1 << 30;
    static final int HANDLE_MASK = (1 << 30) - 1;

    /*
     * Words and places are 4-byte aligned (segments are allocated 8-aligned, images place them at
     * aligned offsets); the unaligned layouts only spare every read the JIT's alignment check on the
     * hot path.
     */
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private NodeDescriptor() {
    }

    static long wordOffset(int node) {
        return (long) node * WORD_BYTES;
    }

    static long placeOffset(int node) {
        return (long) node * PLACE_BYTES;
    }
}
