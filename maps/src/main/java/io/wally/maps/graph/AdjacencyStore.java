package io.wally.maps.graph;

import static io.wally.maps.graph.AdjacencyDescriptor.HEADER_BYTES;
import static io.wally.maps.graph.AdjacencyDescriptor.NO_ADJACENCY;
import static io.wally.maps.graph.NodeDescriptor.HANDLE_MASK;
import static io.wally.maps.graph.NodeDescriptor.LIVE_BIT;

import io.wally.maps.OversizeException;
import io.wally.maps.PoolStats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The out-edges of an {@link OffHeapGraph}'s nodes: one adjacency record per node with out-edges,
 * in a {@link BlockPool} block (one pool per power-of-two size class and entry width; a full record
 * moves to the next class) or in the contiguous compact area that {@link #compact()} builds, whose
 * narrow records refer to an {@link EdgePalette}. Layouts in {@link AdjacencyDescriptor}. A node's
 * record is found through the handle in its {@link NodeTable} word, which this store keeps up to date;
 * callers pass node ids, never handles or offsets. Counts the edges it holds.
 *
 * <p>Pool blocks come from {@link EdgePools}. Callers check ids, weights and types first: nothing here validates its arguments. Threading: the
 * graph's single writer; {@link AdjacencyCursor}s read it on the same thread. Lifecycle: {@link #close()}
 * gives every pool page and the compact area back (an image's compact area belongs to the image's arena).
 */
final class AdjacencyStore {

    private final NodeTable nodes;
    private final EdgePools pools = new EdgePools();
    private Arena compactArena;
    private MemorySegment compactArea = MemorySegment.NULL;
    /** The weights narrow compact entries refer to; null until the first compact area. */
    private EdgePalette palette;
    private long compactUsedBytes;
    private long compactDeadBytes;
    private int edgeCount;

    /** No edges yet. */
    AdjacencyStore(NodeTable nodes) {
        this.nodes = nodes;
    }

    /** Over an image's compact area ({@code compactArea} of {@code edgeCount} edges; {@code palette} null for old images). */
    AdjacencyStore(NodeTable nodes, MemorySegment compactArea, EdgePalette palette, int edgeCount) {
        this.nodes = nodes;
        this.compactArea = compactArea;
        this.palette = palette;
        this.compactUsedBytes = compactArea.byteSize();
        this.edgeCount = edgeCount;
    }

    int edgeCount() {
        return edgeCount;
    }

    // ================================================================ reads for the cursor

    MemorySegment compactArea() {
        return compactArea;
    }

    /** The palette of the compact area, null before the first {@link #compact()}. */
    EdgePalette palette() {
        return palette;
    }

    EdgePools pools() {
        return pools;
    }

    // ================================================================ edges by node id

    /** Index of edge {@code from -> to} in from's adjacency record, or -1. */
    int find(int from, int to) {
        int h = nodes.handle(from);
        if (h == NO_ADJACENCY) {
            return -1;
        }
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = base + HEADER_BYTES;
        if (AdjacencyDescriptor.isNarrow(header)) {
            if (!AdjacencyDescriptor.fitsNarrow(from, to)) {
                return -1;
            }
            short delta = (short) (to - from);
            for (int i = 0; i < degree; i++, at += stride) {
                if (seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET) == delta) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < degree; i++, at += stride) {
            if (seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET) == to) {
                return i;
            }
        }
        return -1;
    }

    /** Weight of entry {@code index} ({@link #find}) of node's record. */
    float weight(int node, int index) {
        int h = nodes.handle(node);
        return entryWeight(segOf(h), entryAt(h, index), header(h));
    }

    /** Type of entry {@code index} ({@link #find}) of node's record. */
    int type(int node, int index) {
        int h = nodes.handle(node);
        return entryType(segOf(h), entryAt(h, index), header(h));
    }

    /**
     * Appends edge {@code from -> to} to from's record, first moving the record to a larger class when
     * it is full, out of the compact area, or to a typed block when the edge's type is not 0 and the
     * record is untyped.
     *
     * @throws OversizeException when from would have more out-edges than a record holds, or the pool more records
     */
    void append(int from, int to, float weight, int type) {
        int h = nodes.handle(from);
        int header = h == NO_ADJACENCY ? 0 : header(h);
        int degree = AdjacencyDescriptor.degreeOf(header);
        boolean typed = type != 0 || (AdjacencyDescriptor.isNarrow(header) ? needsTypes(h) : AdjacencyDescriptor.isTyped(header));
        boolean move = h == NO_ADJACENCY || AdjacencyDescriptor.isCompact(h)
                || AdjacencyDescriptor.isTypedPool(h) != typed
                || degree == AdjacencyDescriptor.capacity(AdjacencyDescriptor.sizeClass(h));
        if (move) {
            int sizeClass = AdjacencyDescriptor.classFor(degree + 1);
            if (sizeClass > AdjacencyDescriptor.MAX_CLASS) {
                throw new OversizeException("out-edges of node " + from, degree + 1L,
                        AdjacencyDescriptor.capacity(AdjacencyDescriptor.MAX_CLASS));
            }
            if (h == NO_ADJACENCY) {
                h = pools.allocate(sizeClass, typed);
                segOf(h).set(AdjacencyDescriptor.INT, offOf(h) + AdjacencyDescriptor.HEADER_OFFSET,
                        AdjacencyDescriptor.header(0, typed));
                nodes.setHandle(from, h);
            } else {
                h = moveToPool(from, h, sizeClass, typed);
            }
        }
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        long at = AdjacencyDescriptor.entryOffset(base, degree, AdjacencyDescriptor.entryBytes(typed));
        seg.set(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET, to);
        seg.set(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET, weight);
        if (typed) {
            seg.set(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET, (short) type);
        }
        seg.set(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET, AdjacencyDescriptor.header(degree + 1, typed));
        edgeCount++;
    }

    /**
     * Gives {@code node}, which has no out-edges yet, an empty record (typed or not) with room for {@code degree}
     * of them, so that appending them moves nothing (without it, a node's record moves to the next size
     * class at its 2nd, 3rd, 5th, 9th... edge). Does nothing when the node already has a record or
     * {@code degree < 2} (the first append makes a record of one entry anyway).
     *
     * @throws OversizeException when no record holds {@code degree} out-edges
     */
    void reserve(int node, int degree, boolean typed) {
        if (degree < 2 || nodes.handle(node) != NO_ADJACENCY) {
            return;
        }
        int sizeClass = AdjacencyDescriptor.classFor(degree);
        if (sizeClass > AdjacencyDescriptor.MAX_CLASS) {
            throw new OversizeException("out-edges of node " + node, degree, AdjacencyDescriptor.capacity(AdjacencyDescriptor.MAX_CLASS));
        }
        int h = pools.allocate(sizeClass, typed);
        segOf(h).set(AdjacencyDescriptor.INT, offOf(h) + AdjacencyDescriptor.HEADER_OFFSET, AdjacencyDescriptor.header(0, typed));
        nodes.setHandle(node, h);
    }

    /**
     * Sets the weight of entry {@code index} of from's record. In a narrow record a new weight joins
     * the palette while it has room (codes in use never change), so that cost updates of a compacted
     * map, such as obstacle marks, keep their records in place; with the palette full the record
     * leaves the compact area in its wide form.
     */
    void setWeight(int from, int index, float weight) {
        int h = nodes.handle(from);
        if (AdjacencyDescriptor.isNarrow(header(h))) {
            long at = entryAt(h, index);
            int code = palette.codeOrAdd(weight, entryType(segOf(h), at, header(h)));
            if (code >= 0) {
                segOf(h).set(ValueLayout.JAVA_BYTE, at + AdjacencyDescriptor.CODE_OFFSET, (byte) code);
                return;
            }
            h = moveToPool(from, h, AdjacencyDescriptor.classFor(degree(h)), needsTypes(h));
        }
        segOf(h).set(AdjacencyDescriptor.FLOAT, entryAt(h, index) + AdjacencyDescriptor.WEIGHT_OFFSET, weight);
    }

    /** Removes entry {@code index} of node's record (the last entry fills the hole). */
    void remove(int node, int index) {
        int h = nodes.handle(node);
        MemorySegment seg = segOf(h);
        long base = offOf(h);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        edgeCount--;
        if (degree == 1) {
            releaseRecord(h);
            nodes.setHandle(node, NO_ADJACENCY);
            return;
        }
        int last = degree - 1;
        if (index != last) {
            MemorySegment.copy(seg, AdjacencyDescriptor.entryOffset(base, last, stride), seg,
                    AdjacencyDescriptor.entryOffset(base, index, stride), stride);
        }
        seg.set(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET, (header & ~AdjacencyDescriptor.DEGREE_MASK) | last);
        if (AdjacencyDescriptor.isCompact(h)) {
            compactDeadBytes += stride;
        }
    }

    /** Removes every out-edge of {@code node} and gives its record back. */
    void removeAll(int node) {
        int h = nodes.handle(node);
        if (h != NO_ADJACENCY) {
            edgeCount -= degree(h);
            releaseRecord(h);
            nodes.setHandle(node, NO_ADJACENCY);
        }
    }

    // ================================================================ compact area

    /**
     * Lays every node's out-edges out contiguously, in node order, in one area of exactly the bytes
     * they need, and gives the pools' pages back; see {@link OffHeapGraph#compact()}.
     */
    void compact() {
        Arena arena = Arena.ofShared();
        EdgePalette built = buildPalette(EdgePalette.empty(arena.allocate(EdgePalette.BYTES, 8)));
        byte[] forms = compactForms(built);
        long total = compactAreaBytes(forms);
        if (total > AdjacencyDescriptor.MAX_COMPACT_BYTES) {
            arena.close();
            throw new OversizeException("compact edge area", total, AdjacencyDescriptor.MAX_COMPACT_BYTES);
        }
        MemorySegment area = total == 0 ? MemorySegment.NULL : arena.allocate(total, 8);
        long at = 0;
        for (int n = 0; n < forms.length; n++) {
            if (forms[n] == AdjacencyDescriptor.NO_RECORD) {
                continue;
            }
            int h = nodes.handle(n);
            long start = at;
            at += writeRecord(n, h, forms[n], built, area, at);
            if (!AdjacencyDescriptor.isCompact(h)) {
                pools.free(h);
            }
            nodes.setHandle(n, AdjacencyDescriptor.compactHandle(start));
        }
        pools.reset();
        if (compactArena != null) {
            compactArena.close();
        }
        compactArena = arena;
        compactArea = area;
        palette = built;
        compactUsedBytes = total;
        compactDeadBytes = 0;
    }

    /**
     * A palette holding the first {@value EdgePalette#CAPACITY} distinct (weight, type) pairs of the
     * edges, in node and entry order (the pairs narrow entries can refer to).
     */
    EdgePalette buildPalette(EdgePalette into) {
        for (int n = 0; n < nodes.idLimit() && into.size() < EdgePalette.CAPACITY; n++) {
            int w = nodes.word(n);
            int h = w & HANDLE_MASK;
            if ((w & LIVE_BIT) == 0 || h == NO_ADJACENCY) {
                continue;
            }
            MemorySegment seg = segOf(h);
            long base = offOf(h);
            int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
            int stride = AdjacencyDescriptor.entryBytesOf(header);
            long at = base + HEADER_BYTES;
            for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
                into.codeOrAdd(entryWeight(seg, at, header), entryType(seg, at, header));
            }
        }
        return into;
    }

    /**
     * Per node id, the compact form of its record under {@code pairs} ({@link #compactForm}), or
     * {@link AdjacencyDescriptor#NO_RECORD}: decided once for a {@link #compact()} or an image, whose
     * passes (sizes, handles, records) all read it.
     */
    byte[] compactForms(EdgePalette pairs) {
        byte[] forms = new byte[nodes.idLimit()];
        for (int n = 0; n < forms.length; n++) {
            int w = nodes.word(n);
            int h = w & HANDLE_MASK;
            forms[n] = (byte) ((w & LIVE_BIT) == 0 || h == NO_ADJACENCY ? AdjacencyDescriptor.NO_RECORD : compactForm(n, h, pairs));
        }
        return forms;
    }

    /** Bytes the records take in the compact area in {@code forms} ({@link #compactForms}). */
    long compactAreaBytes(byte[] forms) {
        long total = 0;
        for (int n = 0; n < forms.length; n++) {
            if (forms[n] != AdjacencyDescriptor.NO_RECORD) {
                total += AdjacencyDescriptor.compactBytes(degree(nodes.handle(n)), forms[n]);
            }
        }
        return total;
    }

    /**
     * The smallest compact form of node's record {@code handle}: {@link AdjacencyDescriptor#NARROW}
     * when every neighbour is within reach and every (weight, type) pair in {@code pairs}, else
     * {@code TYPED} when a type is not 0, else {@code WIDE}.
     */
    private int compactForm(int node, int handle, EdgePalette pairs) {
        MemorySegment seg = segOf(handle);
        long base = offOf(handle);
        int header = seg.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = base + HEADER_BYTES;
        for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
            if (!AdjacencyDescriptor.fitsNarrow(node, entryTo(node, seg, at, header))
                    || pairs.code(entryWeight(seg, at, header), entryType(seg, at, header)) < 0) {
                return needsTypes(handle) ? AdjacencyDescriptor.TYPED : AdjacencyDescriptor.WIDE;
            }
        }
        return AdjacencyDescriptor.NARROW;
    }

    /** Whether the record has an edge of a type other than 0 (so its wide form must be typed). */
    private boolean needsTypes(int handle) {
        int header = header(handle);
        if (!AdjacencyDescriptor.isTyped(header) && !AdjacencyDescriptor.isNarrow(header)) {
            return false;
        }
        MemorySegment seg = segOf(handle);
        int stride = AdjacencyDescriptor.entryBytesOf(header);
        long at = offOf(handle) + AdjacencyDescriptor.HEADER_BYTES;
        for (int i = AdjacencyDescriptor.degreeOf(header); i > 0; i--, at += stride) {
            if (entryType(seg, at, header) != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes node's record {@code handle} (header and its {@code degree} entries, in order) to
     * {@code dst} at {@code dstOffset} in compact form {@code form} ({@link AdjacencyDescriptor}); a
     * pool block takes the {@code WIDE} or {@code TYPED} form too. Returns the bytes written. Dropping
     * types is only correct when {@link #needsTypes} is false, and {@code NARROW} only when
     * {@link #compactForm} says so under {@code pairs} (which may be null for the other forms).
     */
    long writeRecord(int node, int handle, int form, EdgePalette pairs, MemorySegment dst, long dstOffset) {
        MemorySegment src = segOf(handle);
        long srcOffset = offOf(handle);
        int header = src.get(AdjacencyDescriptor.INT, srcOffset + AdjacencyDescriptor.HEADER_OFFSET);
        int degree = AdjacencyDescriptor.degreeOf(header);
        long bytes = AdjacencyDescriptor.compactBytes(degree, form);
        int dstHeader = AdjacencyDescriptor.header(degree, form);
        boolean sameForm = (header & ~AdjacencyDescriptor.DEGREE_MASK) == (dstHeader & ~AdjacencyDescriptor.DEGREE_MASK);
        if (sameForm && (form != AdjacencyDescriptor.NARROW || pairs.codesMatch(palette))) {
            MemorySegment.copy(src, srcOffset, dst, dstOffset, AdjacencyDescriptor.HEADER_BYTES
                    + (long) AdjacencyDescriptor.entryBytesOf(header) * degree);
        } else {
            int srcStride = AdjacencyDescriptor.entryBytesOf(header);
            int dstStride = AdjacencyDescriptor.entryBytesOf(dstHeader);
            long from = srcOffset + HEADER_BYTES;
            long to = dstOffset + HEADER_BYTES;
            for (int i = 0; i < degree; i++, from += srcStride, to += dstStride) {
                int target = entryTo(node, src, from, header);
                float weight = entryWeight(src, from, header);
                int type = entryType(src, from, header);
                if (form == AdjacencyDescriptor.NARROW) {
                    dst.set(AdjacencyDescriptor.SHORT, to + AdjacencyDescriptor.DELTA_OFFSET, (short) (target - node));
                    dst.set(ValueLayout.JAVA_BYTE, to + AdjacencyDescriptor.CODE_OFFSET, (byte) pairs.code(weight, type));
                } else {
                    dst.set(AdjacencyDescriptor.INT, to + AdjacencyDescriptor.TO_OFFSET, target);
                    dst.set(AdjacencyDescriptor.FLOAT, to + AdjacencyDescriptor.WEIGHT_OFFSET, weight);
                    if (form == AdjacencyDescriptor.TYPED) {
                        dst.set(AdjacencyDescriptor.SHORT, to + AdjacencyDescriptor.TYPE_OFFSET, (short) type);
                    }
                }
            }
        }
        if (bytes > AdjacencyDescriptor.HEADER_BYTES + (long) AdjacencyDescriptor.entryBytesOf(dstHeader) * degree) {
            dst.set(ValueLayout.JAVA_BYTE, dstOffset + bytes - 1, (byte) 0); // a narrow record's padding byte
        }
        dst.set(AdjacencyDescriptor.INT, dstOffset + AdjacencyDescriptor.HEADER_OFFSET, dstHeader);
        return bytes;
    }

    // ================================================================ statistics and lifecycle

    /** The pools' counters, summed over the size classes. */
    PoolStats poolStats() {
        return pools.stats();
    }

    /** Bytes of live records: pool blocks in use plus the live part of the compact area. */
    long recordBytes() {
        return poolStats().inUseBytes() + compactUsedBytes - compactDeadBytes;
    }

    /** Bytes reserved: pool pages, the compact area and its palette. */
    long reservedBytes() {
        return poolStats().reservedBytes() + compactArea.byteSize() + (palette == null ? 0 : EdgePalette.BYTES);
    }

    /**
     * Gives the pools' pages and the compact area back; pool blocks that no live node's record refers
     * to (a bug of this class) are logged as a leak. Call before the node table is closed.
     */
    void close() {
        pools.release(nodes);
        if (compactArena != null) {
            compactArena.close();
        }
    }

    // ================================================================ records by handle

    /** Moves node's record {@code h} into a new pool block of {@code sizeClass}, typed or not; returns its handle. */
    private int moveToPool(int node, int h, int sizeClass, boolean typed) {
        int moved = pools.allocate(sizeClass, typed);
        writeRecord(node, h, typed ? AdjacencyDescriptor.TYPED : AdjacencyDescriptor.WIDE, null, segOf(moved), offOf(moved));
        releaseRecord(h);
        nodes.setHandle(node, moved);
        return moved;
    }

    /** Gives back a record's memory: a pool block is freed, compact-area bytes are counted dead. */
    private void releaseRecord(int h) {
        if (AdjacencyDescriptor.isCompact(h)) {
            compactDeadBytes += AdjacencyDescriptor.compactBytesOf(header(h));
        } else {
            pools.free(h);
        }
    }

    private MemorySegment segOf(int handle) {
        return AdjacencyDescriptor.isCompact(handle) ? compactArea : pools.page(handle);
    }

    private long offOf(int handle) {
        return AdjacencyDescriptor.isCompact(handle) ? AdjacencyDescriptor.compactOffset(handle)
                : pools.offset(handle);
    }

    /** The record's header word (degree and flags). */
    private int header(int handle) {
        return segOf(handle).get(AdjacencyDescriptor.INT, offOf(handle) + AdjacencyDescriptor.HEADER_OFFSET);
    }

    /** Out-edges in the record {@code handle}. */
    int degree(int handle) {
        return AdjacencyDescriptor.degreeOf(header(handle));
    }

    /** Byte offset of entry {@code index} of the record in {@link #segOf}. */
    private long entryAt(int handle, int index) {
        return AdjacencyDescriptor.entryOffset(offOf(handle), index, AdjacencyDescriptor.entryBytesOf(header(handle)));
    }

    /** Target of the entry at byte {@code at} of {@code seg}, in a record of {@code node} with {@code header}. */
    private static int entryTo(int node, MemorySegment seg, long at, int header) {
        return AdjacencyDescriptor.isNarrow(header) ? node + seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET)
                : seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET);
    }

    /** Weight of the entry at byte {@code at} of {@code seg}, in a record with {@code header}. */
    private float entryWeight(MemorySegment seg, long at, int header) {
        return AdjacencyDescriptor.isNarrow(header) ? palette.weight(codeAt(seg, at))
                : seg.get(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET);
    }

    /** Type of the entry at byte {@code at} of {@code seg}, in a record with {@code header}. */
    private int entryType(MemorySegment seg, long at, int header) {
        if (AdjacencyDescriptor.isNarrow(header)) {
            return palette.type(codeAt(seg, at));
        }
        return AdjacencyDescriptor.isTyped(header)
                ? Short.toUnsignedInt(seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET)) : 0;
    }

    /** The palette code of the narrow entry at byte {@code at} of {@code seg}. */
    static int codeAt(MemorySegment seg, long at) {
        return Byte.toUnsignedInt(seg.get(ValueLayout.JAVA_BYTE, at + AdjacencyDescriptor.CODE_OFFSET));
    }
}
