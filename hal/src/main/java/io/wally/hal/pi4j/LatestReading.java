package io.wally.hal.pi4j;

import io.wally.hal.Health;
import io.wally.hal.NanoClock;
import io.wally.hal.Reading;

/**
 * The most recent reading of one device, published by the thread that measures and read by anyone.
 *
 * <p>{@link #get()} marks a good reading {@link Health#STALE} once it is older than the device's
 * deadline, so that a consumer sees a sampler that stopped answering. The stale copy is made once per
 * published reading, so a control loop polling a dead sensor allocates nothing.
 *
 * <p>Threading: one publishing thread, any number of readers (volatile publication).
 */
final class LatestReading<R extends Reading<R>> {

    private final NanoClock clock;
    private final long staleAfterNanos;
    private volatile R latest;
    private volatile R staleCopy;

    LatestReading(NanoClock clock, long staleAfterNanos, R initial) {
        if (staleAfterNanos <= 0) {
            throw new IllegalArgumentException("staleAfterNanos must be > 0; was " + staleAfterNanos);
        }
        this.clock = clock;
        this.staleAfterNanos = staleAfterNanos;
        this.latest = initial;
    }

    void publish(R reading) {
        latest = reading;
    }

    R get() {
        R current = latest;
        if (current.health() != Health.OK || clock.nanoTime() - current.timestampNanos() <= staleAfterNanos) {
            return current;
        }
        R stale = staleCopy;
        if (stale == null || stale.timestampNanos() != current.timestampNanos()) {
            stale = current.withHealth(Health.STALE,
                    "no new measurement for more than " + staleAfterNanos / 1_000_000 + " ms");
            staleCopy = stale;
        }
        return stale;
    }
}
