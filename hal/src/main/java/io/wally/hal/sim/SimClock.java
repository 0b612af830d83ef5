package io.wally.hal.sim;

import io.wally.hal.NanoClock;

/**
 * Simulated time: starts at 0 and moves only when the simulation steps. Everything stamped by a
 * simulated device, and the runtime driving it, reads this clock, so a run at ten times real speed is
 * the same run as at real speed.
 *
 * <p>Threading: advanced by the simulation's single stepping thread, read by any thread (volatile).
 */
public final class SimClock implements NanoClock {

    private volatile long nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    /** Moves time forward by {@code deltaNanos} (>= 0); only the stepping thread calls this. */
    void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time cannot go back; delta was " + deltaNanos + " ns");
        }
        nanos = nanos + deltaNanos;
    }

    /** Simulated seconds since the start. */
    public double seconds() {
        return nanos * 1e-9;
    }
}
