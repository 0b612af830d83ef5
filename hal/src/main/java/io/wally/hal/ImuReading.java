package io.wally.hal;

import java.util.Objects;

/**
 * One sample of a six-axis inertial measurement unit, calibration offsets already removed.
 *
 * <p>Immutable. Axes are the robot's: x forward, y left, z up; rotation rates are counter-clockwise
 * positive about each axis, so {@code gyroZRadPerS} is the yaw rate (positive = turning left).
 *
 * @param timestampNanos when the sample was taken, on the device's {@link NanoClock}
 * @param gyroXRadPerS roll rate, rad/s
 * @param gyroYRadPerS pitch rate, rad/s
 * @param gyroZRadPerS yaw rate, rad/s
 * @param accelXMps2 forward acceleration, m/s²
 * @param accelYMps2 leftward acceleration, m/s²
 * @param accelZMps2 upward specific force, m/s² (about +9.81 at rest)
 * @param health whether the values may be used
 * @param reason why the reading is not OK; empty when OK
 */
public record ImuReading(
        long timestampNanos, double gyroXRadPerS, double gyroYRadPerS, double gyroZRadPerS,
        double accelXMps2, double accelYMps2, double accelZMps2, Health health, String reason) implements Reading<ImuReading> {

    /** Checks that health and reason are present. */
    public ImuReading {
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(reason, "reason");
    }

    /** A failed sample: all values zero and meaningless. */
    public static ImuReading fault(long timestampNanos, String reason) {
        return new ImuReading(timestampNanos, 0, 0, 0, 0, 0, 0, Health.FAULT, reason);
    }

    /** The yaw rate, rad/s, counter-clockwise positive (same as {@link #gyroZRadPerS()}). */
    public double yawRateRadPerS() {
        return gyroZRadPerS;
    }

    /** True when the values may be used ({@link Health#OK}). */
    public boolean valid() {
        return health == Health.OK;
    }

    @Override
    public ImuReading withHealth(Health health, String reason) {
        return new ImuReading(timestampNanos, gyroXRadPerS, gyroYRadPerS, gyroZRadPerS, accelXMps2, accelYMps2, accelZMps2, health, reason);
    }
}
