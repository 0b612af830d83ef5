package io.wally.bench.store;

import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * Times a piece of work: warm-up rounds, then timed rounds, and the median of those in nanoseconds.
 * The work returns a {@code long} that is folded into {@link #sink} so the JIT cannot drop it.
 *
 * <p>Not thread-safe: one benchmark at a time.
 */
public final class Medians {

    /** Consumes results so that the measured work stays live; read it (e.g. print it) or ignore it. */
    public static long sink;

    private Medians() {
    }

    /**
     * Median wall time of {@code rounds} timed runs of {@code work} after {@code warmups} untimed ones.
     *
     * @return nanoseconds per run (median)
     */
    public static double medianNanos(int warmups, int rounds, LongSupplier work) {
        for (int i = 0; i < warmups; i++) {
            sink += work.getAsLong();
        }
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            sink += work.getAsLong();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        return rounds % 2 == 1 ? times[rounds / 2] : (times[rounds / 2 - 1] + times[rounds / 2]) / 2.0;
    }

    /**
     * Medians of two alternatives timed in interleaved rounds (A, B, A, B, …) so that machine noise
     * hits both alike; returns {@code {medianA, medianB}} in nanoseconds.
     */
    public static double[] interleaved(int warmups, int rounds, LongSupplier a, LongSupplier b) {
        for (int i = 0; i < warmups; i++) {
            sink += a.getAsLong();
            sink += b.getAsLong();
        }
        long[] ta = new long[rounds];
        long[] tb = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long start = System.nanoTime();
            sink += a.getAsLong();
            ta[i] = System.nanoTime() - start;
            start = System.nanoTime();
            sink += b.getAsLong();
            tb[i] = System.nanoTime() - start;
        }
        Arrays.sort(ta);
        Arrays.sort(tb);
        return new double[] {ta[rounds / 2], tb[rounds / 2]};
    }
}
