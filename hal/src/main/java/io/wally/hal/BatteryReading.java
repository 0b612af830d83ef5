package io.wally.hal;

import java.util.Objects;

/**
 * One sample of the battery monitor.
 *
 * @param timestampNanos when the sample was taken, on the device's {@link NanoClock}
 * @param busVolts battery (bus) voltage, volts, {@code >= 0}
 * @param currentAmps current drawn from the battery, amperes (positive = discharging)
 * @param powerWatts power drawn, watts
 * @param percent state of charge estimated from the voltage ({@link BatteryCurve}), in {@code [0, 100]};
 *     NaN when unknown (no curve applied, or the reading is not OK)
 * @param health whether the values may be used
 * @param reason why the reading is not OK; empty when OK
 */
public record BatteryReading(long timestampNanos, double busVolts, double currentAmps, double powerWatts, double percent,
        Health health, String reason) implements Reading<BatteryReading> {

    /** Checks that health and reason are present and that a known percent lies in [0, 100]. */
    public BatteryReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
        if (!Double.isNaN(percent) && !(percent >= 0 && percent <= 100)) {
            throw new IllegalArgumentException("percent must be in [0, 100] or NaN; was " + percent);
        }
    }

    /** A sample without a state of charge ({@code percent} NaN): what a monitor without a curve measures. */
    public BatteryReading(long timestampNanos, double busVolts, double currentAmps, double powerWatts, Health health, String reason) {
        this(timestampNanos, busVolts, currentAmps, powerWatts, Double.NaN, health, reason);
    }

    /** A failed sample: all values zero and meaningless, percent unknown. */
    public static BatteryReading fault(long timestampNanos, String reason) {
        return new BatteryReading(timestampNanos, 0, 0, 0, Health.FAULT, reason);
    }

    /** True when the values may be used ({@link Health#OK}). */
    public boolean valid() {
        return health == Health.OK;
    }

    /** True when {@link #percent()} is known. */
    public boolean hasPercent() {
        return !Double.isNaN(percent);
    }

    /** The same sample with another state of charge (NaN: unknown). */
    public BatteryReading withPercent(double value) {
        return new BatteryReading(timestampNanos, busVolts, currentAmps, powerWatts, value, health, reason);
    }

    @Override
    public BatteryReading withHealth(Health health, String reason) {
        return new BatteryReading(timestampNanos, busVolts, currentAmps, powerWatts, percent, health, reason);
    }
}
