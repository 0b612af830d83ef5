package io.wally.maps;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the out-edges of one node in {@link OffHeapGraph}: an adjacency record, little-endian,
 * unaligned, living either in a {@link BlockPool} block of a size class or in the compact
 * (CSR-like) edge area written by {@link OffHeapGraph#compact()}.
 *
 * <pre>
 *  0            4                          14                         24
 *  +------------+--------------------------+--------------------------+-- ... capacity entries
 *  | degree i32 | entry 0                  | entry 1                  |
 *  +------------+--------------------------+--------------------------+--
 *
 *  entry (10 bytes):  0          4             8          10
 *                     +----------+-------------+----------+
 *                     | to: i32  | weight: f32 | type u16 |
 *                     +----------+-------------+----------+
 * </pre>
 *
 * Size class {@code c} holds {@code 2^c} entries: a block of {@code 4 + 10 * 2^c} bytes (84 bytes for
 * the 8 edges of a grid cell: 10.5 bytes per edge). In the compact area a record holds exactly
 * {@code degree} entries. Entries are unordered; removal moves the last entry into the hole.
 *
 * <pre>
 *  adjacency handle (30 bits, in the node record's word):
 *   29   28 ....... 24   23 ..................... 0
 *  +----+--------------+--------------------------+
 *  |  0 | size class c | block in pool c (24 bits)|   pool record
 *  +----+--------------+--------------------------+
 *  |  1 | byte offset / 2 in the compact area     |   compact record
 *  +----+-----------------------------------------+
 *  all 30 bits set: NO_ADJACENCY (no out-edges)
 * </pre>
 */
final class AdjacencyDescriptor {

    static final int DEGREE_OFFSET = 0;
    static final int HEADER_BYTES = 4;
    static final int ENTRY_BYTES = 10;
    static final int TO_OFFSET = 0;
    static final int WEIGHT_OFFSET = 4;
    static final int TYPE_OFFSET = 8;

    static final int NO_ADJACENCY = (1 << 30) - 1;
    static final int COMPACT_BIT = 1 << 29;
    static final int COMPACT_MASK = COMPACT_BIT - 1;
    static final int CLASS_SHIFT = 24;
    static final int CLASS_MASK = 0x1F;
    static final int BLOCK_MASK = (1 << CLASS_SHIFT) - 1;
    /** Largest block handle a pool record can carry. */
    static final int MAX_BLOCKS_PER_CLASS = 1 << CLASS_SHIFT;
    /** Largest size class: 2^23 entries (an 80 MiB block); so at most 8,388,608 out-edges per node. */
    static final int MAX_CLASS = 23;
    /** Largest compact area: offsets are stored halved in 29 bits. */
    static final long MAX_COMPACT_BYTES = 2L * (COMPACT_MASK - 1);

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private AdjacencyDescriptor() {
    }

    static int capacity(int sizeClass) {
        return 1 << sizeClass;
    }

    static int blockBytes(int sizeClass) {
        return HEADER_BYTES + ENTRY_BYTES * capacity(sizeClass);
    }

    /** Bytes of a record holding {@code degree} entries exactly (compact area). */
    static long compactBytes(int degree) {
        return HEADER_BYTES + (long) ENTRY_BYTES * degree;
    }

    /** Smallest size class that holds {@code degree} entries. */
    static int classFor(int degree) {
        return degree <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(degree - 1);
    }

    static boolean isCompact(int handle) {
        return (handle & COMPACT_BIT) != 0;
    }

    static int poolHandle(int sizeClass, int block) {
        return sizeClass << CLASS_SHIFT | block;
    }

    static int sizeClass(int handle) {
        return handle >>> CLASS_SHIFT & CLASS_MASK;
    }

    static int block(int handle) {
        return handle & BLOCK_MASK;
    }

    static int compactHandle(long byteOffset) {
        return COMPACT_BIT | (int) (byteOffset >>> 1);
    }

    static long compactOffset(int handle) {
        return (long) (handle & COMPACT_MASK) << 1;
    }

    static long entryOffset(long recordOffset, int index) {
        return recordOffset + HEADER_BYTES + (long) ENTRY_BYTES * index;
    }
}
