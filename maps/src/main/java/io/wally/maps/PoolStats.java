package io.wally.maps;

/**
 * A snapshot of an edge block pool's counters (or of several pools added together with {@link #plus}).
 * An immutable value; safe to pass between threads.
 *
 * <pre>{@code
 * PoolStats s = graph.poolStats();          // summed over the edge pools' size classes
 * log.info("edge blocks in use " + s.inUseBlocks() + " of " + s.capacityBlocks()
 *         + ", peak " + s.peakInUseBlocks() + ", fragmentation " + s.fragmentation());
 * }</pre>
 *
 * @param blockSizeBytes    size of one block, bytes (0 for a sum over pools of different sizes)
 * @param allocations       successful {@code allocate()} calls since creation
 * @param frees             successful {@code free()} calls since creation
 * @param inUseBlocks       blocks allocated and not yet freed
 * @param peakInUseBlocks   highest {@code inUseBlocks} ever reached (for a sum: sum of the peaks)
 * @param capacityBlocks    blocks in the reserved pages
 * @param pages             pages reserved
 * @param inUseBytes        {@code inUseBlocks * blockSizeBytes}
 * @param reservedBytes     off-heap bytes of the reserved pages
 * @param fragmentation     share of reserved blocks, in {@code [0, 1]}, that are free but sit in pages that still
 *                          hold a live block (free space that cannot be given back by releasing pages)
 */
public record PoolStats(int blockSizeBytes, long allocations, long frees, long inUseBlocks, long peakInUseBlocks,
                        long capacityBlocks, int pages, long inUseBytes, long reservedBytes, double fragmentation) {

    /** All zero: the neutral element of {@link #plus}. */
    public static final PoolStats EMPTY = new PoolStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0);

    /** Sum of two snapshots; fragmentation is weighted by capacity. */
    public PoolStats plus(PoolStats o) {
        long capacity = capacityBlocks + o.capacityBlocks;
        double frag = capacity == 0 ? 0.0
                : (fragmentation * capacityBlocks + o.fragmentation * o.capacityBlocks) / capacity;
        int size = blockSizeBytes == o.blockSizeBytes || o.capacityBlocks == 0 && o.allocations == 0 ? blockSizeBytes
                : capacityBlocks == 0 && allocations == 0 ? o.blockSizeBytes : 0;
        return new PoolStats(size, allocations + o.allocations, frees + o.frees, inUseBlocks + o.inUseBlocks,
                peakInUseBlocks + o.peakInUseBlocks, capacity, pages + o.pages, inUseBytes + o.inUseBytes,
                reservedBytes + o.reservedBytes, frag);
    }
}
