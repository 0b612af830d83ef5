package io.wally.maps;

/**
 * A snapshot of a name index's Bloom filter: shape and load.
 *
 * @param bits number of bits {@code m}
 * @param hashCount number of bit positions per key {@code k}
 * @param items keys added since the filter was last cleared or rebuilt (including keys since removed
 *     from the index, whose bits stay set until the next rebuild)
 * @param bitsSet bits currently 1
 * @param estimatedFpp the false-positive probability predicted by {@code (1 - e^(-k n / m))^k} for
 *     {@code n = items}, in {@code [0, 1]}
 * @param offHeapBytes bytes of the bit array
 */
public record BloomStats(long bits, int hashCount, long items, long bitsSet, double estimatedFpp, long offHeapBytes) {

    /** Bits per added key ({@code m / n}); infinite when empty. */
    public double bitsPerKey() {
        return items == 0 ? Double.POSITIVE_INFINITY : (double) bits / items;
    }
}
