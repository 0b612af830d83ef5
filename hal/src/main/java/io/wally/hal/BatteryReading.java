package io.wally.hal;

import java.util.Objects;

/**
 * One sample of the battery monitor.
 *
 * @param timestampNanos when the sample was taken, on the device's {@link NanoClock}
 * @param busVolts battery (bus) voltage, volts, {@code >= 0}
 * @param currentAmps current drawn from the battery, amperes (positive = discharging)
 * @param powerWatts power drawn, watts
 * @param health whether the values may be used
 * @param reason why the reading is not OK; empty when OK
 */
public record BatteryReading(
        long timestampNanos, double busVolts, double currentAmps, double powerWatts, Health health, String reason) implements Reading<BatteryReading> {

    /** Checks that health and reason are present. */
    public BatteryReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    /** A failed sample: all values zero and meaningless. */
    public static BatteryReading fault(long timestampNanos, String reason) {
        return new BatteryReading(timestampNanos, 0, 0, 0, Health.FAULT, reason);
    }

    /** True when the values may be used ({@link Health#OK}). */
    public boolean valid() {
        return health == Health.OK;
    }

    @Override
    public BatteryReading withHealth(Health health, String reason) {
        return new BatteryReading(timestampNanos, busVolts, currentAmps, powerWatts, health, reason);
    }
}
