package io.wally.runtime.agent;

import java.util.Arrays;

/**
 * The last {@code capacity} samples of a latency, recorded by one thread without allocation; a copy is
 * sorted for percentiles on demand (off the hot path).
 *
 * <p>Threading: {@link #record} by one writer; {@link #percentile} from any thread (reads a racy but
 * harmless snapshot of the samples: each is a whole long).
 */
public final class LatencyRecorder {

    private final long[] samples;
    private volatile long count;

    /** Keeps the last {@code capacity} samples. */
    public LatencyRecorder(int capacity) {
        samples = new long[capacity];
    }

    /** Records one sample, nanoseconds. */
    public void record(long nanos) {
        long c = count;
        samples[(int) (c % samples.length)] = nanos;
        count = c + 1;
    }

    /** Samples recorded so far (including overwritten ones). */
    public long count() {
        return count;
    }

    /** Forgets every sample. */
    public void reset() {
        count = 0;
    }

    /** The {@code p}-th percentile ({@code 0 < p <= 100}) of the kept samples, nanoseconds; -1 without samples. */
    public long percentile(double p) {
        int n = (int) Math.min(count, samples.length);
        if (n == 0) {
            return -1;
        }
        return percentileOf(Arrays.copyOf(samples, n), p);
    }

    /**
     * The {@code p}-th percentile of the samples recorded since {@link #count()} was {@code fromCount} (those
     * still kept), nanoseconds; -1 without samples. Lets a reader measure a phase without resetting the writer.
     */
    public long percentileSince(long fromCount, double p) {
        long[] copy = samplesSince(fromCount);
        return copy.length == 0 ? -1 : percentileOf(copy, p);
    }

    /**
     * The samples recorded since {@link #count()} was {@code fromCount} that are still kept, oldest first,
     * nanoseconds (a copy; empty without samples). Lets a reader pool the samples of several phases.
     */
    public long[] samplesSince(long fromCount) {
        long to = count;
        long from = Math.max(fromCount, to - samples.length);
        if (to <= from) {
            return new long[0];
        }
        long[] copy = new long[(int) (to - from)];
        for (long i = from; i < to; i++) {
            copy[(int) (i - from)] = samples[(int) (i % samples.length)];
        }
        return copy;
    }

    /** The {@code p}-th percentile ({@code 0 < p <= 100}) of {@code values} (sorted in place), or -1 when empty. */
    public static long percentile(long[] values, double p) {
        return values.length == 0 ? -1 : percentileOf(values, p);
    }

    private static long percentileOf(long[] copy, double p) {
        int n = copy.length;
        Arrays.sort(copy);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return copy[Math.max(0, Math.min(n - 1, index))];
    }
}
