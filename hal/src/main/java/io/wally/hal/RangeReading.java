package io.wally.hal;

import java.util.Objects;

/**
 * One distance measurement of a {@link RangeSensor}.
 *
 * <p>Immutable. {@code rangeMeters} is in {@code [0, maxRangeMeters]}; a reading of exactly
 * {@code maxRangeMeters} with {@link Health#OK} means "nothing within range". When {@code health} is not
 * {@code OK} (for example no echo before the timeout), {@code rangeMeters} is meaningless and
 * {@link #valid()} is false.
 *
 * @param timestampNanos when the measurement was taken, on the device's {@link NanoClock}
 * @param rangeMeters distance to the nearest obstacle along the beam, metres, in {@code [0, maxRangeMeters]}
 * @param maxRangeMeters the sensor's maximum range, metres, {@code > 0}
 * @param health whether the value may be used
 * @param reason why the reading is not OK; empty when OK
 */
public record RangeReading(long timestampNanos, double rangeMeters, double maxRangeMeters, Health health, String reason) implements Reading<RangeReading> {

    /** Validates the ranges; fails fast with the offending value. */
    public RangeReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
        if (!(maxRangeMeters > 0)) {
            throw new IllegalArgumentException("maxRangeMeters must be > 0; was " + maxRangeMeters);
        }
        if (!(rangeMeters >= 0 && rangeMeters <= maxRangeMeters)) {
            throw new IllegalArgumentException(
                    "rangeMeters must be in [0, " + maxRangeMeters + "]; was " + rangeMeters);
        }
    }

    /** A fresh, valid reading. */
    public static RangeReading ok(long timestampNanos, double rangeMeters, double maxRangeMeters) {
        return new RangeReading(timestampNanos, rangeMeters, maxRangeMeters, Health.OK, "");
    }

    /** A failed reading ({@code rangeMeters} is set to {@code maxRangeMeters} and must not be used). */
    public static RangeReading fault(long timestampNanos, double maxRangeMeters, String reason) {
        return new RangeReading(timestampNanos, maxRangeMeters, maxRangeMeters, Health.FAULT, reason);
    }

    /** True when the value may be used ({@link Health#OK}). */
    public boolean valid() {
        return health == Health.OK;
    }

    /** True when the reading is valid and something was seen closer than the maximum range. */
    public boolean detected() {
        return valid() && rangeMeters < maxRangeMeters;
    }

    @Override
    public RangeReading withHealth(Health health, String reason) {
        return new RangeReading(timestampNanos, rangeMeters, maxRangeMeters, health, reason);
    }
}
