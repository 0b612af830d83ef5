package io.wally.bench.store;

import com.google.common.hash.Funnels;
import io.wally.maps.graph.BatchHasher;
import io.wally.maps.graph.BloomFilter;
import io.wally.maps.BloomStats;
import io.wally.maps.graph.NameHash;
import io.wally.maps.graph.NameIndex;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The name-index parts of {@code wally bench store}: Bloom filter accuracy, what the filter buys on
 * absent look-ups, ours against Guava's, and the vector against the scalar batch path. Every
 * comparison is timed in the same run, interleaved, as medians.
 */
public final class NameBenchmarks {

    private static final int WARMUPS = 15;
    private static final int ROUNDS = 31;
    private static final long WARM_UP_NANOS = 2_000_000_000L;

    private NameBenchmarks() {
    }

    /** Measured false-positive rate and bits per key of a {@link NameIndex} filled to its design capacity. */
    public record BloomAccuracy(double measuredFpp, double estimatedFpp, double bitsPerKey, int designCapacity, int absentQueried) {
    }

    /** Fills an index to its design capacity (at least {@code minCapacity}) and queries {@code absentCount} absent names. */
    public static BloomAccuracy bloomAccuracy(int minCapacity, int absentCount) {
        try (NameIndex index = new NameIndex(minCapacity, true)) {
            int capacity = index.designCapacity();
            String[] present = NameWorkloads.gridNames(capacity, 1000);
            for (int i = 0; i < present.length; i++) {
                index.put(present[i], i);
            }
            double measured = index.measureBloomFpp(NameWorkloads.absentNames(absentCount, 1000));
            BloomStats stats = index.bloomStats().orElseThrow();
            return new BloomAccuracy(measured, stats.estimatedFpp(), stats.bitsPerKey(), capacity, absentCount);
        }
    }

    /** What removals do to the filter: rate with stale bits, and the rebuild that clears them. */
    public record RemovalFigures(double fppWithStaleBits, double fppEstimatedIfRebuilt, double fppAfterRebuild,
                                 double rebuildMillis, int designCapacity) {
    }

    /**
     * Fills an index to design capacity, removes 24% of the names (just below the rebuild threshold),
     * measures the rate on {@code absentCount} absent names, then removes one more (which triggers the
     * rebuild, timed) and measures again.
     */
    public static RemovalFigures bloomAfterRemovals(int minCapacity, int absentCount) {
        try (NameIndex index = new NameIndex(minCapacity, true)) {
            int capacity = index.designCapacity();
            String[] present = NameWorkloads.gridNames(capacity, 1000);
            for (int i = 0; i < present.length; i++) {
                index.put(present[i], i);
            }
            String[] absent = NameWorkloads.absentNames(absentCount, 1000);
            long before = index.rebuilds();
            int removed = 0;
            while (index.rebuilds() == before && removed * 100L < capacity * 24L) {
                index.remove(present[removed++]);
            }
            double stale = index.measureBloomFpp(absent);
            BloomStats stats = index.bloomStats().orElseThrow();
            double estimated = Math.pow(1 - Math.exp(-(double) stats.hashCount() * index.size() / stats.bits()),
                    stats.hashCount());
            long start = 0;
            long elapsed = 0;
            while (index.rebuilds() == before) {
                start = System.nanoTime();
                index.remove(present[removed++]);
                elapsed = System.nanoTime() - start;
            }
            double after = index.measureBloomFpp(absent);
            return new RemovalFigures(stale, estimated, after, elapsed / 1e6, capacity);
        }
    }

    /** Median time of {@code get} for absent names without the filter divided by with it. */
    public static double absentLookupSpeedup(int names) {
        try (NameIndex with = new NameIndex(names, true); NameIndex without = new NameIndex(names, false)) {
            int capacity = with.designCapacity();
            String[] present = NameWorkloads.gridNames(capacity, 1000);
            for (int i = 0; i < present.length; i++) {
                with.put(present[i], i);
                without.put(present[i], i);
            }
            String[] absent = NameWorkloads.absentNames(100_000, 1000);
            double[] t = Medians.interleaved(WARMUPS, ROUNDS, () -> lookups(without, absent), () -> lookups(with, absent));
            return t[0] / t[1];
        }
    }

    private static long lookups(NameIndex index, String[] names) {
        long sum = 0;
        for (String name : names) {
            sum += index.get(name);
        }
        return sum;
    }

    /**
     * Median time of Guava's {@code mightContain} divided by ours (hashing included in both), same keys;
     * ours hashes with the scalar {@link NameHash#hash64} (what a single look-up uses) or, when
     * {@code vectorHash}, with {@link BatchHasher#hash64}.
     */
    public static double bloomVsGuavaSpeedup(int items, boolean vectorHash) {
        BatchHasher hasher = new BatchHasher();
        String[] present = NameWorkloads.gridNames(items, 1000);
        String[] queries = new String[items];
        String[] absent = NameWorkloads.absentNames(items / 2, 1000);
        for (int i = 0; i < items; i++) {
            queries[i] = (i & 1) == 0 ? present[i] : absent[i / 2];
        }
        com.google.common.hash.BloomFilter<CharSequence> guava =
                com.google.common.hash.BloomFilter.create(Funnels.stringFunnel(StandardCharsets.UTF_8), items, 0.01);
        try (BloomFilter ours = BloomFilter.forCapacity(items, 0.01)) {
            for (String name : present) {
                guava.put(name);
                ours.add(NameHash.hash64(name));
            }
            double[] t = Medians.interleaved(WARMUPS, ROUNDS, () -> {
                long hits = 0;
                for (String q : queries) {
                    hits += guava.mightContain(q) ? 1 : 0;
                }
                return hits;
            }, () -> {
                long hits = 0;
                for (String q : queries) {
                    hits += ours.mightContain(vectorHash ? hasher.hash64(q) : NameHash.hash64(q)) ? 1 : 0;
                }
                return hits;
            });
            return t[0] / t[1];
        }
    }

    /**
     * Scalar time over vector time for batch hashing plus exists of {@code batch} names (half absent):
     * grid names ({@code cell-r-c}, 8-11 chars) or, when {@code longNames}, 60-70 char path-like ones.
     * Scalar: {@link BatchHasher#hashScalar} and {@link NameIndex#getAll(String[], long[], int[])};
     * vector: {@link BatchHasher#hashVector} and {@link NameIndex#getAllVector}.
     */
    public static double simdBatchSpeedup(int batch, boolean longNames) {
        String[] present = longNames ? NameWorkloads.longNames(batch, "north-east") : NameWorkloads.gridNames(batch, 100);
        String[] absent = longNames ? NameWorkloads.longNames(batch / 2, "south-west") : NameWorkloads.absentNames(batch / 2, 100);
        String[] queries = new String[batch];
        for (int i = 0; i < batch; i++) {
            queries[i] = (i & 1) == 0 ? present[i] : absent[i / 2];
        }
        try (NameIndex index = new NameIndex(batch, true)) {
            for (int i = 0; i < batch; i++) {
                index.put(present[i], i);
            }
            BatchHasher hasher = new BatchHasher();
            long[] hashes = new long[batch];
            int[] out = new int[batch];
            LongSupplier scalar = () -> {
                BatchHasher.hashScalar(queries, hashes);
                index.getAll(queries, hashes, out);
                return out[batch - 2];
            };
            LongSupplier vector = () -> {
                hasher.hashVector(queries, hashes);
                index.getAllVector(queries, hashes, out);
                return out[batch - 2];
            };
            warmUp(scalar, vector);
            double[] t = Medians.interleaved(WARMUPS * 4, ROUNDS * 3, scalar, vector);
            return t[0] / t[1];
        }
    }

    /** Scalar time over vector time for hashing alone of {@code batch} names. */
    public static double hashOnlySpeedup(String[] names) {
        BatchHasher hasher = new BatchHasher();
        long[] hashes = new long[names.length];
        LongSupplier scalar = () -> {
            BatchHasher.hashScalar(names, hashes);
            return hashes[names.length - 1];
        };
        LongSupplier vector = () -> {
            hasher.hashVector(names, hashes);
            return hashes[names.length - 1];
        };
        warmUp(scalar, vector);
        double[] t = Medians.interleaved(WARMUPS * 4, ROUNDS * 3, scalar, vector);
        return t[0] / t[1];
    }

    /**
     * Runs both sides alternately for {@link #WARM_UP_NANOS} before they are timed: a fixed number of
     * rounds of a sub-millisecond batch ended before C2 had compiled the vector code on a loaded
     * two-core machine, and the ratio swung from 1 to 3 between runs.
     */
    private static void warmUp(LongSupplier a, LongSupplier b) {
        long end = System.nanoTime() + WARM_UP_NANOS;
        while (System.nanoTime() < end) {
            Medians.sink += a.getAsLong() + b.getAsLong();
        }
    }
}
