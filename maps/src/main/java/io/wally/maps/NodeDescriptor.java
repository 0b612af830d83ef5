package io.wally.maps;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of one node record of {@link OffHeapGraph}: 16 bytes, little-endian, record {@code i} at byte
 * {@code i * RECORD_BYTES} of the node segment (so node ids index records directly).
 *
 * <pre>
 *  0          4          8          12         16
 *  +----------+----------+----------+----------+
 *  | x: f32   | y: f32   | labels   | word     |
 *  | metres   | metres   | i32      | i32      |
 *  +----------+----------+----------+----------+
 *
 *  word:  31     30       29 ........................ 0
 *        +------+--------+-----------------------------+
 *        | LIVE | BLOCKED| adjacency handle (30 bits)  |
 *        +------+--------+-----------------------------+
 * </pre>
 *
 * A removed node's record is all zero (LIVE clear). The adjacency handle is described in
 * {@link AdjacencyDescriptor}; {@link AdjacencyDescriptor#NO_ADJACENCY} means no out-edges.
 */
final class NodeDescriptor {

    static final int RECORD_BYTES = 16;
    static final int X_OFFSET = 0;
    static final int Y_OFFSET = 4;
    static final int LABELS_OFFSET = 8;
    static final int WORD_OFFSET = 12;

    static final int LIVE_BIT = 1 << 31;
    static final int BLOCKED_BIT = 1 << 30;
    static final int HANDLE_MASK = (1 << 30) - 1;

    /*
     * Records are 4-byte aligned (the segment is allocated 8-aligned, images place it at an aligned
     * offset); the unaligned layouts only spare every read the JIT's alignment check on the hot path.
     */
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private NodeDescriptor() {
    }

    static long offset(int node) {
        return (long) node * RECORD_BYTES;
    }
}
