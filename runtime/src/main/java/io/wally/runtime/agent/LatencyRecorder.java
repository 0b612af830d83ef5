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
        long[] copy = Arrays.copyOf(samples, n);
        Arrays.sort(copy);
        int index = (int) Math.ceil(p / 100.0 * n) - 1;
        return copy[Math.max(0, Math.min(n - 1, index))];
    }
}
