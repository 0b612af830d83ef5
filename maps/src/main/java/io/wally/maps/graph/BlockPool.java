package io.wally.maps.graph;

import io.wally.maps.PoolStats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fixed-size block allocator over off-heap pages ({@code java.lang.foreign}). {@link #allocate()}
 * and {@link #free(int)} are O(1): a free block stores the handle of the next free block in its
 * first four bytes (an intrusive free list inside the pages), and blocks never handed out yet are
 * taken from the end of the last page. The pool grows one page at a time and gives pages back only
 * on {@link #reset()} or {@link #close()}.
 *
 * <pre>{@code
 * try (BlockPool pool = new BlockPool("edges-8", 84, 4096)) {
 *     int b = pool.allocate();                       // a handle, not an address
 *     pool.page(b).set(JAVA_INT_UNALIGNED, pool.offsetInPage(b), 42);
 *     pool.free(b);
 *     pool.free(b);                                  // BlockPoolException: DOUBLE_FREE
 * }
 * }</pre>
 *
 * <p>A block is named by an {@code int} handle {@code page * blocksPerPage + slot}; no address leaves
 * the pool except through {@link #segment(int)} and the package-private accessors its owner uses.
 * Misuse is detected and reported with the pool's name and bounds, and leaves the pool unchanged:
 * freeing a free block ({@code DOUBLE_FREE}, checked against an allocation bitmap), a handle or
 * memory that is not the pool's ({@code FOREIGN_BLOCK}), memory inside a page but off a block boundary
 * or of another size ({@code MISALIGNED_BLOCK}). Blocks still allocated at close are a leak: returned
 * by {@link #release()} and logged as a warning by {@link #close()}.
 *
 * <p>Block contents are undefined after {@code allocate()}. Blocks are not aligned beyond one byte:
 * owners use unaligned layouts ({@code JAVA_INT_UNALIGNED}).
 *
 * <p>Threading: one owner thread allocates and frees (the graph's single writer). Pages are allocated
 * in a shared arena, so other threads may read blocks they were handed safely; they must not call any
 * method of the pool.
 */
final class BlockPool implements AutoCloseable {

    /** Sentinel handle: no block. */
    public static final int NO_BLOCK = -1;

    private static final System.Logger LOG = System.getLogger(BlockPool.class.getName());
    private static final ValueLayout.OfInt LINK = ValueLayout.JAVA_INT_UNALIGNED;

    private final String name;
    private final int blockSizeBytes;
    private final int blocksPerPage;
    private final int pageShift;
    private final int maxPages;

    private Arena arena;
    private MemorySegment[] pages = new MemorySegment[4];
    private int[] liveInPage = new int[4];
    private long[] allocatedBits = new long[0];
    private int pageCount;
    private int bumpNext;          // next never-used handle; == pageCount * blocksPerPage when pages are full
    private int freeHead = NO_BLOCK;
    private long allocations;
    private long frees;
    private long inUse;
    private long peakInUse;
    private boolean closed;

    /**
     * @param name            shown in messages and stats, e.g. {@code "edges-8"}
     * @param blockSizeBytes  size of every block, {@code >= 4} (room for the free-list link)
     * @param blocksPerPage   blocks per page, a power of two {@code >= 1}; one page is
     *                        {@code blockSizeBytes * blocksPerPage} bytes (at most 1 GiB)
     */
    public BlockPool(String name, int blockSizeBytes, int blocksPerPage) {
        if (blockSizeBytes < Integer.BYTES) {
            throw new IllegalArgumentException("block size must be >= 4 bytes; was " + blockSizeBytes);
        }
        if (blocksPerPage < 1 || Integer.bitCount(blocksPerPage) != 1) {
            throw new IllegalArgumentException("blocks per page must be a power of two >= 1; was " + blocksPerPage);
        }
        if ((long) blockSizeBytes * blocksPerPage > (1L << 30)) {
            throw new IllegalArgumentException("page of " + blocksPerPage + " blocks of " + blockSizeBytes
                    + " bytes exceeds 1 GiB");
        }
        this.name = name;
        this.blockSizeBytes = blockSizeBytes;
        this.blocksPerPage = blocksPerPage;
        this.pageShift = Integer.numberOfTrailingZeros(blocksPerPage);
        this.maxPages = Integer.MAX_VALUE / blocksPerPage; // every handle stays an int
        this.arena = Arena.ofShared();
    }

    /** The pool's name. */
    public String name() {
        return name;
    }

    /** Size of every block, bytes. */
    public int blockSizeBytes() {
        return blockSizeBytes;
    }

    /** Blocks per page (a power of two). */
    public int blocksPerPage() {
        return blocksPerPage;
    }

    /**
     * Hands out a free block; O(1). Reuses the most recently freed block first, else takes a
     * never-used one, else reserves a new page.
     *
     * @return the block's handle, {@code >= 0}
     * @throws BlockPoolException {@code EXHAUSTED} when the handle space is used up, {@code CLOSED} after close
     */
    public int allocate() {
        checkOpen();
        int block;
        if (freeHead != NO_BLOCK) {
            block = freeHead;
            freeHead = pages[block >>> pageShift].get(LINK, offsetInPage(block));
        } else {
            if (bumpNext == pageCount * blocksPerPage) {
                addPage();
            }
            block = bumpNext++;
        }
        allocatedBits[block >>> 6] |= 1L << block;
        liveInPage[block >>> pageShift]++;
        allocations++;
        inUse++;
        if (inUse > peakInUse) {
            peakInUse = inUse;
        }
        return block;
    }

    /**
     * Gives a block back; O(1).
     *
     * @throws BlockPoolException {@code FOREIGN_BLOCK} for a handle the pool never handed out,
     *         {@code DOUBLE_FREE} for a block that is already free, {@code CLOSED} after close
     */
    public void free(int block) {
        checkOpen();
        if (block < 0 || block >= bumpNext) {
            throw new BlockPoolException(BlockPoolException.Reason.FOREIGN_BLOCK, "block " + block
                    + " is not from pool '" + name + "' (handed out handles are 0.." + (bumpNext - 1) + ")");
        }
        if ((allocatedBits[block >>> 6] & (1L << block)) == 0) {
            throw new BlockPoolException(BlockPoolException.Reason.DOUBLE_FREE, "double free of block " + block
                    + " in pool '" + name + "': it is already free");
        }
        allocatedBits[block >>> 6] &= ~(1L << block);
        pages[block >>> pageShift].set(LINK, offsetInPage(block), freeHead);
        freeHead = block;
        liveInPage[block >>> pageShift]--;
        frees++;
        inUse--;
    }

    /**
     * Gives back the block whose memory is {@code block} (as returned by {@link #segment(int)}); checks
     * that the memory is one of the pool's blocks first.
     *
     * @throws BlockPoolException {@code FOREIGN_BLOCK} when the memory is in none of the pool's pages,
     *         {@code MISALIGNED_BLOCK} when it is inside a page but not exactly one block,
     *         {@code DOUBLE_FREE} when the block is already free
     */
    public void free(MemorySegment block) {
        free(handleOf(block));
    }

    /** Handle of the block whose memory is {@code block}; checked as {@link #free(MemorySegment)} says. */
    public int handleOf(MemorySegment block) {
        checkOpen();
        long address = block.address();
        for (int p = 0; p < pageCount; p++) {
            MemorySegment page = pages[p];
            long start = page.address();
            if (block.isNative() && address >= start && address < start + page.byteSize()) {
                long delta = address - start;
                if (delta % blockSizeBytes != 0 || block.byteSize() != blockSizeBytes) {
                    throw new BlockPoolException(BlockPoolException.Reason.MISALIGNED_BLOCK, "memory at page "
                            + p + " offset " + delta + " with size " + block.byteSize() + " is not a block of pool '"
                            + name + "' (blocks are " + blockSizeBytes + " bytes, at multiples of "
                            + blockSizeBytes + ")");
                }
                return p * blocksPerPage + (int) (delta / blockSizeBytes);
            }
        }
        throw new BlockPoolException(BlockPoolException.Reason.FOREIGN_BLOCK, "memory at 0x"
                + Long.toHexString(address) + " (" + block.byteSize() + " bytes) is not in any of the "
                + pageCount + " page(s) of pool '" + name + "'");
    }

    /** Whether {@code block} is currently allocated (false for foreign handles). */
    public boolean isAllocated(int block) {
        checkOpen();
        return block >= 0 && block < bumpNext && (allocatedBits[block >>> 6] & (1L << block)) != 0;
    }

    /**
     * A view of exactly the block's memory; allocates a small object, so not for hot paths.
     *
     * @throws BlockPoolException {@code FOREIGN_BLOCK} for a handle the pool never handed out
     */
    public MemorySegment segment(int block) {
        checkOpen();
        if (block < 0 || block >= bumpNext) {
            throw new BlockPoolException(BlockPoolException.Reason.FOREIGN_BLOCK, "block " + block
                    + " is not from pool '" + name + "' (handed out handles are 0.." + (bumpNext - 1) + ")");
        }
        return pages[block >>> pageShift].asSlice(offsetInPage(block), blockSizeBytes);
    }

    /** The page holding {@code block} (unchecked: the owner passes handles it got from this pool). */
    MemorySegment page(int block) {
        return pages[block >>> pageShift];
    }

    /** Byte offset of {@code block} in its {@link #page(int)} (unchecked). */
    long offsetInPage(int block) {
        return (long) (block & (blocksPerPage - 1)) * blockSizeBytes;
    }

    /** A snapshot of the counters. */
    public PoolStats stats() {
        long capacity = (long) pageCount * blocksPerPage;
        long strandedFree = 0;
        for (int p = 0; p < pageCount; p++) {
            if (liveInPage[p] > 0) {
                int usable = p == pageCount - 1 ? bumpNext - p * blocksPerPage : blocksPerPage;
                strandedFree += usable - liveInPage[p];
            }
        }
        return new PoolStats(blockSizeBytes, allocations, frees, inUse, peakInUse, capacity, pageCount,
                inUse * blockSizeBytes, capacity * blockSizeBytes,
                capacity == 0 ? 0.0 : (double) strandedFree / capacity);
    }

    /**
     * Gives every page back at once; only when no block is allocated (after the owner moved its data
     * elsewhere). Counters other than in-use are kept.
     *
     * @throws BlockPoolException {@code CLOSED} after close
     * @throws IllegalStateException when blocks are still allocated (the report says which)
     */
    public void reset() {
        checkOpen();
        if (inUse != 0) {
            throw new IllegalStateException("cannot reset pool '" + name + "': " + leakReport());
        }
        arena.close();
        arena = Arena.ofShared();
        Arrays.fill(pages, null);
        Arrays.fill(liveInPage, 0);
        allocatedBits = new long[0];
        pageCount = 0;
        bumpNext = 0;
        freeHead = NO_BLOCK;
    }

    /**
     * Closes the pool, freeing its pages, and returns what was still allocated (a leak unless clean).
     * Idempotent: a second call returns a clean report.
     */
    public PoolLeakReport release() {
        if (closed) {
            return new PoolLeakReport(name, 0, 0, List.of());
        }
        PoolLeakReport report = leakReport();
        closed = true;
        arena.close();
        pages = new MemorySegment[0];
        return report;
    }

    /** Closes the pool like {@link #release()} and logs a warning naming the leaked blocks, if any. */
    @Override
    public void close() {
        PoolLeakReport report = release();
        if (!report.isClean()) {
            LOG.log(System.Logger.Level.WARNING, report.toString());
        }
    }

    @Override
    public String toString() {
        return "BlockPool[" + name + ", " + blockSizeBytes + " B x " + blocksPerPage + "/page, in use " + inUse
                + ", pages " + pageCount + (closed ? ", closed]" : "]");
    }

    private PoolLeakReport leakReport() {
        List<Integer> first = new ArrayList<>();
        for (int w = 0; w < allocatedBits.length && first.size() < PoolLeakReport.MAX_LISTED; w++) {
            long bits = allocatedBits[w];
            while (bits != 0 && first.size() < PoolLeakReport.MAX_LISTED) {
                first.add(w * 64 + Long.numberOfTrailingZeros(bits));
                bits &= bits - 1;
            }
        }
        return new PoolLeakReport(name, inUse, inUse * blockSizeBytes, first);
    }

    private void addPage() {
        if (pageCount == maxPages) {
            throw new BlockPoolException(BlockPoolException.Reason.EXHAUSTED, "pool '" + name + "' is full: "
                    + pageCount + " pages of " + blocksPerPage + " blocks (block handles are ints)");
        }
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
            liveInPage = Arrays.copyOf(liveInPage, liveInPage.length * 2);
        }
        pages[pageCount] = arena.allocate((long) blockSizeBytes * blocksPerPage, Long.BYTES);
        pageCount++;
        long bitsNeeded = (long) pageCount * blocksPerPage;
        int words = (int) ((bitsNeeded + 63) >>> 6);
        if (words > allocatedBits.length) {
            allocatedBits = Arrays.copyOf(allocatedBits, Math.max(words, allocatedBits.length * 2));
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new BlockPoolException(BlockPoolException.Reason.CLOSED, "pool '" + name + "' is closed");
        }
    }
}
