package io.wally.maps.graph;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Layout of the out-edges of one node in {@link OffHeapGraph}: an adjacency record, little-endian,
 * unaligned, living either in a {@link BlockPool} block of a size class or in the compact
 * (CSR-like) edge area written by {@link OffHeapGraph#compact()}.
 *
 * <pre>
 *  0            4                    4+s                  4+2s
 *  +------------+--------------------+--------------------+-- ... capacity entries
 *  | header i32 | entry 0            | entry 1            |
 *  +------------+--------------------+--------------------+--
 *
 *  header:  31      30       29 ............................ 0
 *          +-------+--------+--------------------------------+
 *          | TYPED | NARROW | degree (number of entries)     |
 *          +-------+--------+--------------------------------+
 *
 *  untyped entry, s = 8:   0          4             8
 *                          +----------+-------------+
 *                          | to: i32  | weight: f32 |          every edge of the record has type 0
 *                          +----------+-------------+
 *  typed entry, s = 10:    0          4             8          10
 *                          +----------+-------------+----------+
 *                          | to: i32  | weight: f32 | type u16 |
 *                          +----------+-------------+----------+
 *  narrow entry, s = 3:    0               2             3      compact area only
 *                          +---------------+-------------+
 *                          | to - from i16 | pair code   |      (weight, type) = palette[code]
 *                          +---------------+-------- u8 -+
 * </pre>
 *
 * Most edges of a robot map have type 0, so a record stays untyped (8 bytes per edge) until an edge
 * with another type joins it; it then moves to a typed block. Size class {@code c} holds {@code 2^c}
 * entries: a block of {@code 4 + s * 2^c} bytes (68 bytes for the 8 untyped edges of a grid cell).
 * Entries are unordered; removal moves the last entry into the hole.
 *
 * <p>{@link OffHeapGraph#compact()} writes each record in the smallest form that holds it exactly
 * ({@code degree} entries): narrow when every neighbour id is within {@value #NARROW_REACH} of the
 * node's own id and every (weight, type) pair is in the graph's {@link EdgePalette} (up to 256
 * distinct pairs, collected by the same pass: a grid has two); else typed when one of its types is
 * not 0; else untyped. A narrow grid cell takes 4 + 3 * 8 = 28 bytes, 3.5 per edge. Compact records
 * start at even offsets (narrow ones are padded to an even size) because the handle stores the
 * offset halved.
 *
 * <pre>
 *  adjacency handle (30 bits, in the node record's word):
 *   29   28 ....... 24   23      22 ................. 0
 *  +----+--------------+-------+----------------------+
 *  |  0 | size class c | TYPED | block in pool (23 b) |   pool record
 *  +----+--------------+-------+----------------------+
 *  |  1 | byte offset / 2 in the compact area         |   compact record
 *  +----+---------------------------------------------+
 *  all 30 bits set: NO_ADJACENCY (no out-edges)
 * </pre>
 */
final class AdjacencyDescriptor {

    static final int HEADER_OFFSET = 0;
    static final int HEADER_BYTES = 4;
    static final int TYPED_FLAG = 1 << 31;
    static final int NARROW_FLAG = 1 << 30;
    static final int DEGREE_MASK = NARROW_FLAG - 1;
    static final int UNTYPED_ENTRY_BYTES = 8;
    static final int TYPED_ENTRY_BYTES = 10;
    static final int NARROW_ENTRY_BYTES = 3;
    static final int TO_OFFSET = 0;
    static final int WEIGHT_OFFSET = 4;
    static final int TYPE_OFFSET = 8;
    static final int DELTA_OFFSET = 0;
    static final int CODE_OFFSET = 2;
    /** Farthest a narrow entry's neighbour id may be from the node's own id (a signed 16-bit delta). */
    static final int NARROW_REACH = Short.MAX_VALUE;

    /** Compact form of a record: untyped 8-byte entries. */
    static final int WIDE = 0;
    /** Compact form of a record: typed 10-byte entries. */
    static final int TYPED = 1;
    /** Compact form of a record: narrow 3-byte entries. */
    static final int NARROW = 2;
    /** No compact form: the node is removed or has no out-edges. */
    static final int NO_RECORD = -1;

    static final int NO_ADJACENCY = (1 << 30) - 1;
    static final int COMPACT_BIT = 1 << 29;
    static final int COMPACT_MASK = COMPACT_BIT - 1;
    static final int CLASS_SHIFT = 24;
    static final int CLASS_MASK = 0x1F;
    static final int TYPED_POOL_BIT = 1 << 23;
    static final int BLOCK_MASK = TYPED_POOL_BIT - 1;
    /** Largest number of records of one pool (size class and typed-ness). */
    static final int MAX_BLOCKS_PER_POOL = TYPED_POOL_BIT;
    /** Largest size class: 2^23 entries; so at most 8,388,608 out-edges per node. */
    static final int MAX_CLASS = 23;
    /** Largest compact area: offsets are stored halved in 29 bits. */
    static final long MAX_COMPACT_BYTES = 2L * (COMPACT_MASK - 1);

    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private AdjacencyDescriptor() {
    }

    static int entryBytes(boolean typed) {
        return typed ? TYPED_ENTRY_BYTES : UNTYPED_ENTRY_BYTES;
    }

    /** Entry bytes of the record whose header is {@code header}. */
    static int entryBytesOf(int header) {
        return isNarrow(header) ? NARROW_ENTRY_BYTES : entryBytes(isTyped(header));
    }

    static int capacity(int sizeClass) {
        return 1 << sizeClass;
    }

    static int blockBytes(int sizeClass, boolean typed) {
        return HEADER_BYTES + entryBytes(typed) * capacity(sizeClass);
    }

    /** Bytes of a record holding {@code degree} entries exactly (compact area), in form {@code WIDE}, {@code TYPED} or {@code NARROW}. */
    static long compactBytes(int degree, int form) {
        return switch (form) {
            case TYPED -> HEADER_BYTES + (long) TYPED_ENTRY_BYTES * degree;
            case NARROW -> (HEADER_BYTES + (long) NARROW_ENTRY_BYTES * degree + 1) & ~1L;
            default -> HEADER_BYTES + (long) UNTYPED_ENTRY_BYTES * degree;
        };
    }

    /** Compact bytes of the record whose header is {@code header}, at its current degree. */
    static long compactBytesOf(int header) {
        return compactBytes(degreeOf(header), isNarrow(header) ? NARROW : isTyped(header) ? TYPED : WIDE);
    }

    static int header(int degree, boolean typed) {
        return typed ? degree | TYPED_FLAG : degree;
    }

    static int header(int degree, int form) {
        return switch (form) {
            case TYPED -> degree | TYPED_FLAG;
            case NARROW -> degree | NARROW_FLAG;
            default -> degree;
        };
    }

    static boolean isNarrow(int header) {
        return (header & NARROW_FLAG) != 0;
    }

    /** Whether {@code to} is within a narrow entry's reach of {@code from}. */
    static boolean fitsNarrow(int from, int to) {
        long delta = (long) to - from;
        return delta >= Short.MIN_VALUE && delta <= Short.MAX_VALUE;
    }

    static int degreeOf(int header) {
        return header & DEGREE_MASK;
    }

    static boolean isTyped(int header) {
        return header < 0;
    }

    /** Smallest size class that holds {@code degree} entries. */
    static int classFor(int degree) {
        return degree <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(degree - 1);
    }

    static boolean isCompact(int handle) {
        return (handle & COMPACT_BIT) != 0;
    }

    static int poolHandle(int sizeClass, boolean typed, int block) {
        return sizeClass << CLASS_SHIFT | (typed ? TYPED_POOL_BIT : 0) | block;
    }

    static int sizeClass(int handle) {
        return handle >>> CLASS_SHIFT & CLASS_MASK;
    }

    static boolean isTypedPool(int handle) {
        return (handle & TYPED_POOL_BIT) != 0;
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

    static long entryOffset(long recordOffset, int index, int entryBytes) {
        return recordOffset + HEADER_BYTES + (long) entryBytes * index;
    }
}
