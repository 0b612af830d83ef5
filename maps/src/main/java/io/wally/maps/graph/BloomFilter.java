package io.wally.maps.graph;

import io.wally.maps.BloomStats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A Bloom filter over 64-bit key hashes ({@link NameHash#hash64}), its bit array off-heap: answers
 * "definitely not present" with at most {@code k} bit tests, "maybe present" otherwise.
 *
 * <p>Sizing: for a design capacity {@code n} and target false-positive rate {@code p} the filter has
 * {@code m = ceil(n * -ln p / ln^2 2)} bits (rounded up to a multiple of 64) and
 * {@code k = round(m / n * ln 2)} probes; {@link NameIndex} uses 10 bits per key and {@code k = 7},
 * which predicts 0.82% at design capacity. Probe {@code i} of a key is bit
 * {@code ((h1 + i * h2) mod 2^32) * m >>> 32} (double hashing, Kirsch and Mitzenmacher; {@code h1, h2}
 * the low and high halves of the key's hash, {@code h2} forced odd), so {@code m} need not be a power
 * of two.
 *
 * <p>Bits are never cleared one by one: a removed key's bits stay set (more false positives, never a
 * false negative) until its owner calls {@link #clear()} and re-adds the live keys.
 *
 * <p>Threading: single writer; readers on other threads need the owner's publication protocol.
 * Lifecycle: {@link #close()} frees the bits; any later use throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (BloomFilter filter = BloomFilter.forCapacity(1_000_000, 0.01)) {
 *     filter.add(NameHash.hash64("kitchen"));
 *     filter.mightContain(NameHash.hash64("garage")); // false, or true with probability ~1%
 * }
 * }</pre>
 */
public final class BloomFilter implements AutoCloseable {

    static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Largest supported bit count: positions are 32-bit fixed-point fractions of {@code m}. */
    public static final long MAX_BITS = 1L << 32;

    private final long bits;
    private final int hashCount;
    private final Arena arena;
    private final MemorySegment words;
    private long items;

    private BloomFilter(long bits, int hashCount) {
        if (bits < 64 || bits > MAX_BITS || (bits & 63) != 0) {
            throw new IllegalArgumentException("bits must be a multiple of 64 in [64, 2^32]; was " + bits);
        }
        if (hashCount < 1 || hashCount > 30) {
            throw new IllegalArgumentException("hashCount must be in [1, 30]; was " + hashCount);
        }
        this.bits = bits;
        this.hashCount = hashCount;
        this.arena = Arena.ofShared();
        this.words = arena.allocate(bits / 8, 64);
    }

    /** A filter of {@code bits} bits (a multiple of 64, at most 2^32) probing {@code hashCount} bits per key. */
    public static BloomFilter withShape(long bits, int hashCount) {
        return new BloomFilter(bits, hashCount);
    }

    /**
     * A filter sized for {@code expectedItems} keys at false-positive rate {@code targetFpp}.
     *
     * @param expectedItems design capacity, {@code >= 1}
     * @param targetFpp target false-positive probability at design capacity, in {@code (0, 1)}
     */
    public static BloomFilter forCapacity(long expectedItems, double targetFpp) {
        if (expectedItems < 1) {
            throw new IllegalArgumentException("expectedItems must be >= 1; was " + expectedItems);
        }
        if (!(targetFpp > 0 && targetFpp < 1)) {
            throw new IllegalArgumentException("targetFpp must be in (0, 1); was " + targetFpp);
        }
        double ln2 = Math.log(2);
        long m = (long) Math.ceil(expectedItems * -Math.log(targetFpp) / (ln2 * ln2));
        m = Math.max(64, (m + 63) & ~63L);
        int k = (int) Math.max(1, Math.round((double) m / expectedItems * ln2));
        return new BloomFilter(m, Math.min(k, 30));
    }

    /** Sets the {@code k} bits of the key with hash {@code hash}. */
    public void add(long hash) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        MemorySegment w = words;
        for (int i = 0; i < hashCount; i++) {
            long bit = ((h1 & 0xFFFF_FFFFL) * bits) >>> 32;
            long index = bit >>> 6;
            w.setAtIndex(WORD, index, w.getAtIndex(WORD, index) | (1L << bit));
            h1 += h2;
        }
        items++;
    }

    /** False when the key with hash {@code hash} was certainly never added; true otherwise. */
    public boolean mightContain(long hash) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32) | 1;
        MemorySegment w = words;
        for (int i = 0; i < hashCount; i++) {
            long bit = ((h1 & 0xFFFF_FFFFL) * bits) >>> 32;
            if ((w.getAtIndex(WORD, bit >>> 6) & (1L << bit)) == 0) {
                return false;
            }
            h1 += h2;
        }
        return true;
    }

    /** Clears every bit and the item count (used before re-adding the live keys). */
    public void clear() {
        words.fill((byte) 0);
        items = 0;
    }

    /** Number of bits {@code m}. */
    public long bits() {
        return bits;
    }

    /** Probes per key {@code k}. */
    public int hashCount() {
        return hashCount;
    }

    /** Keys added since creation or the last {@link #clear()}. */
    public long items() {
        return items;
    }

    /** Predicted false-positive probability {@code (1 - e^(-k n / m))^k} for {@code n} keys added. */
    public double estimatedFpp(long n) {
        return Math.pow(1 - Math.exp(-(double) hashCount * n / bits), hashCount);
    }

    /**
     * Measured false-positive rate: the fraction of {@code absentHashes} (hashes of keys known not to
     * be in the set) for which {@link #mightContain} answers true.
     */
    public double measureFpp(long[] absentHashes) {
        if (absentHashes.length == 0) {
            throw new IllegalArgumentException("need at least one absent key to measure a rate");
        }
        long positives = 0;
        for (long h : absentHashes) {
            if (mightContain(h)) {
                positives++;
            }
        }
        return (double) positives / absentHashes.length;
    }

    /** Shape, load, predicted false-positive rate and memory of this filter. */
    public BloomStats stats() {
        long set = 0;
        long n = bits >>> 6;
        for (long i = 0; i < n; i++) {
            set += Long.bitCount(words.getAtIndex(WORD, i));
        }
        return new BloomStats(bits, hashCount, items, set, estimatedFpp(items), words.byteSize());
    }

    /** The bit array (little-endian 64-bit words), for images. */
    MemorySegment words() {
        return words;
    }

    /** Restores the item count after the words were copied from an image. */
    void restoreItems(long restoredItems) {
        this.items = restoredItems;
    }

    /** Frees the bit array. */
    @Override
    public void close() {
        arena.close();
    }
}
