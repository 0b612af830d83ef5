package io.wally.maps.graph;

import java.util.List;

/**
 * What a {@link BlockPool} still had allocated when it was closed: a leak unless the owner freed
 * every block. {@link BlockPool#close()} logs a non-empty report as a warning; {@link BlockPool#release()}
 * returns it. An immutable value.
 *
 * <pre>{@code
 * PoolLeakReport report = pool.release();
 * if (!report.isClean()) {
 *     fail(report.toString());   // "pool 'edges': 2 block(s) (64 bytes) still allocated at close, first [0, 2]"
 * }
 * }</pre>
 *
 * @param poolName        the pool's name
 * @param leakedBlocks    blocks still allocated at close
 * @param leakedBytes     {@code leakedBlocks * blockSizeBytes}
 * @param firstLeaked     the lowest leaked block handles, at most {@value #MAX_LISTED}
 */
record PoolLeakReport(String poolName, long leakedBlocks, long leakedBytes, List<Integer> firstLeaked) {

    /** How many leaked handles a report lists. */
    public static final int MAX_LISTED = 16;

    public PoolLeakReport {
        firstLeaked = List.copyOf(firstLeaked);
    }

    /** True when nothing leaked. */
    public boolean isClean() {
        return leakedBlocks == 0;
    }

    @Override
    public String toString() {
        return isClean() ? "pool '" + poolName + "': no leaked blocks"
                : "pool '" + poolName + "': " + leakedBlocks + " block(s) (" + leakedBytes
                        + " bytes) still allocated at close, first " + firstLeaked;
    }
}
