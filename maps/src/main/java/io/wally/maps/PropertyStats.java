package io.wally.maps;

/**
 * A snapshot of a graph's property store: contents and memory.
 *
 * @param values property values stored
 * @param compressedValues of those, values stored LZ4-compressed
 * @param originalBytes sum of the values' lengths as set
 * @param storedBytes sum of the values' lengths as stored (compressed where that is smaller)
 * @param offHeapBytes bytes allocated off-heap (per-node directory and record heap, incl. slack)
 */
public record PropertyStats(long values, long compressedValues, long originalBytes, long storedBytes, long offHeapBytes) {

    /** Compression ratio {@code originalBytes / storedBytes} ({@code >= 1} when compression pays); 1 when empty. */
    public double ratio() {
        return storedBytes == 0 ? 1.0 : (double) originalBytes / storedBytes;
    }
}
