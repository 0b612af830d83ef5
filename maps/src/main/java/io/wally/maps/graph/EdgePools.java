package io.wally.maps.graph;

import static io.wally.maps.graph.AdjacencyDescriptor.NO_ADJACENCY;
import static io.wally.maps.graph.NodeDescriptor.HANDLE_MASK;
import static io.wally.maps.graph.NodeDescriptor.LIVE_BIT;

import io.wally.maps.OversizeException;
import io.wally.maps.PoolStats;
import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

/**
 * The {@link BlockPool}s an {@link AdjacencyStore} keeps its pooled records in: one per size class
 * ({@link AdjacencyDescriptor#capacity} entries, a power of two) and entry width (untyped or typed),
 * each created on first use. Speaks in pool handles ({@link AdjacencyDescriptor#poolHandle}), which
 * name the pool and the block together.
 *
 * <p>Threading: the graph's single writer. Lifecycle: {@link #release} gives every page back.
 */
final class EdgePools {

    private static final System.Logger LOG = System.getLogger(OffHeapGraph.class.getName());
    private static final int CLASSES = AdjacencyDescriptor.MAX_CLASS + 1;
    /** Target pool page size; small classes get many blocks per page, large ones one. */
    private static final int POOL_PAGE_BYTES = 256 * 1024;

    /** Untyped size classes at [0, CLASSES), typed ones at [CLASSES, 2 * CLASSES). */
    private final BlockPool[] pools = new BlockPool[2 * CLASSES];

    private static int index(int handle) {
        return (AdjacencyDescriptor.isTypedPool(handle) ? CLASSES : 0) + AdjacencyDescriptor.sizeClass(handle);
    }

    /** The pool of pool handle {@code handle}. */
    BlockPool poolOf(int handle) {
        return pools[index(handle)];
    }

    /** A new block for a record of {@code sizeClass}, typed or not; returns its pool handle. */
    int allocate(int sizeClass, boolean typed) {
        int index = (typed ? CLASSES : 0) + sizeClass;
        BlockPool pool = pools[index];
        if (pool == null) {
            int blockBytes = AdjacencyDescriptor.blockBytes(sizeClass, typed);
            int perPage = Math.max(1, Integer.highestOneBit(POOL_PAGE_BYTES / blockBytes));
            pool = new BlockPool((typed ? "typed-edges-" : "edges-") + AdjacencyDescriptor.capacity(sizeClass),
                    blockBytes, perPage);
            pools[index] = pool;
        }
        int block = pool.allocate();
        if (block >= AdjacencyDescriptor.MAX_BLOCKS_PER_POOL) {
            pool.free(block);
            throw new OversizeException("edge pool " + pool.name() + " (records)", block + 1L,
                    AdjacencyDescriptor.MAX_BLOCKS_PER_POOL);
        }
        return AdjacencyDescriptor.poolHandle(sizeClass, typed, block);
    }

    /** Frees the block of pool handle {@code handle}. */
    void free(int handle) {
        poolOf(handle).free(AdjacencyDescriptor.block(handle));
    }

    /** Frees every block and gives the pages back (after a compaction moved every record out). */
    void reset() {
        for (BlockPool pool : pools) {
            if (pool != null) {
                pool.reset();
            }
        }
    }

    /** The pools' counters, summed over the size classes. */
    PoolStats stats() {
        PoolStats sum = PoolStats.EMPTY;
        for (BlockPool pool : pools) {
            if (pool != null) {
                sum = sum.plus(pool.stats());
            }
        }
        return sum;
    }

    /**
     * Gives every page back. The live nodes' records in {@code nodes} still hold their blocks: blocks
     * that no record refers to (a bug of the store) are logged as a leak.
     */
    void release(NodeTable nodes) {
        long[] referenced = new long[pools.length];
        for (int n = 0; n < nodes.idLimit(); n++) {
            int w = nodes.word(n);
            int h = w & HANDLE_MASK;
            if ((w & LIVE_BIT) != 0 && h != NO_ADJACENCY && !AdjacencyDescriptor.isCompact(h)) {
                referenced[index(h)]++;
            }
        }
        for (int c = 0; c < pools.length; c++) {
            if (pools[c] != null) {
                PoolLeakReport report = pools[c].release();
                if (report.leakedBlocks() != referenced[c]) {
                    LOG.log(Level.WARNING, "OffHeapGraph leaked " + (report.leakedBlocks() - referenced[c])
                            + " edge block(s): " + report + ", but node records refer to " + referenced[c]);
                }
            }
        }
    }

    /** The page holding the block of pool handle {@code handle}. */
    MemorySegment page(int handle) {
        return poolOf(handle).page(AdjacencyDescriptor.block(handle));
    }

    /** The byte offset of the block of pool handle {@code handle} in its {@link #page}. */
    long offset(int handle) {
        return poolOf(handle).offsetInPage(AdjacencyDescriptor.block(handle));
    }
}
