package io.wally.maps.graph;

import static io.wally.maps.graph.AdjacencyDescriptor.HEADER_BYTES;
import static io.wally.maps.graph.AdjacencyDescriptor.NO_ADJACENCY;
import static io.wally.maps.graph.NodeDescriptor.HANDLE_MASK;

import io.wally.maps.EdgeCursor;
import io.wally.maps.GraphClosedException;
import io.wally.maps.NavGraph;
import java.lang.foreign.MemorySegment;

/**
 * The flyweight {@link EdgeCursor} of an {@link OffHeapGraph}: reads an {@link AdjacencyStore}'s
 * entries in place; allocates nothing per call or per edge. One per thread, not nested; invalidated
 * by any mutation of the graph and by {@code compact()}.
 *
 * <p>All checking happens in {@link #moveTo}: the graph is open, the node live ({@link NodeTable#liveWord});
 * it then resolves the node's adjacency record once (segment, first entry, end, stride; for a
 * compacted graph a slice of the one contiguous area) so that {@link #next()} is an add and a compare
 * and the accessors are one read each at the current offset, small enough for the JIT to inline into
 * a planner's loop. Reads go through the bounds-checked {@link MemorySegment}, so even misuse (an
 * accessor before {@code next()} returned true, or after the graph changed) reads graph memory or
 * throws; it never reads outside the graph. A graph closed mid-iteration is reported by the next
 * {@code moveTo} ({@link GraphClosedException}); reads in between throw the segment's
 * {@link IllegalStateException}.
 */
final class AdjacencyCursor implements EdgeCursor {

    private final NodeTable nodes;
    private final AdjacencyStore store;
    private int from = NavGraph.NO_NODE;
    private MemorySegment seg = MemorySegment.NULL;
    /** Byte offset in {@link #seg} of the current entry; {@code first - stride} before the first next(). */
    private long at;
    /** Byte offset just past the last entry. */
    private long end;
    private long stride = AdjacencyDescriptor.UNTYPED_ENTRY_BYTES;
    private boolean typed;
    /** Whether the record is narrow: targets are deltas from {@link #from}, weights and types codes into {@link #pairs}. */
    private boolean narrow;
    private MemorySegment pairs = MemorySegment.NULL;

    AdjacencyCursor(NodeTable nodes, AdjacencyStore store) {
        this.nodes = nodes;
        this.store = store;
    }

    @Override
    public EdgeCursor moveTo(int node) {
        int h = nodes.liveWord(node) & HANDLE_MASK;
        from = node;
        if (h == NO_ADJACENCY) {
            seg = MemorySegment.NULL;
            narrow = false;
            stride = AdjacencyDescriptor.UNTYPED_ENTRY_BYTES;
            at = -stride;
            end = 0;
            return this;
        }
        MemorySegment s;
        long base;
        if (AdjacencyDescriptor.isCompact(h)) {
            s = store.compactArea();
            base = AdjacencyDescriptor.compactOffset(h);
        } else {
            BlockPool pool = store.pools().poolOf(h);
            int block = AdjacencyDescriptor.block(h);
            s = pool.page(block);
            base = pool.offsetInPage(block);
        }
        int header = s.get(AdjacencyDescriptor.INT, base + AdjacencyDescriptor.HEADER_OFFSET);
        boolean t = AdjacencyDescriptor.isTyped(header);
        boolean n = AdjacencyDescriptor.isNarrow(header);
        long step = AdjacencyDescriptor.entryBytesOf(header);
        long first = base + HEADER_BYTES;
        seg = s;
        typed = t;
        narrow = n;
        if (n) {
            pairs = store.palette().entries();
        }
        stride = step;
        at = first - step;
        end = first + step * AdjacencyDescriptor.degreeOf(header);
        return this;
    }

    @Override
    public boolean next() {
        long next = at + stride;
        if (next < end) {
            at = next;
            return true;
        }
        return false;
    }

    @Override
    public int from() {
        return from;
    }

    @Override
    public int to() {
        return narrow ? from + seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.DELTA_OFFSET)
                : seg.get(AdjacencyDescriptor.INT, at + AdjacencyDescriptor.TO_OFFSET);
    }

    @Override
    public float weight() {
        return narrow
                ? pairs.get(EdgePalette.FLOAT, (long) AdjacencyStore.codeAt(seg, at) * EdgePalette.ENTRY_BYTES + EdgePalette.WEIGHT_OFFSET)
                : seg.get(AdjacencyDescriptor.FLOAT, at + AdjacencyDescriptor.WEIGHT_OFFSET);
    }

    @Override
    public int type() {
        if (narrow) {
            return pairs.get(EdgePalette.INT, (long) AdjacencyStore.codeAt(seg, at) * EdgePalette.ENTRY_BYTES + EdgePalette.TYPE_OFFSET);
        }
        return typed ? Short.toUnsignedInt(seg.get(AdjacencyDescriptor.SHORT, at + AdjacencyDescriptor.TYPE_OFFSET)) : 0;
    }
}
