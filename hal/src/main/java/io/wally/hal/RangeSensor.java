package io.wally.hal;

/**
 * A distance sensor mounted on the robot (an HC-SR04 ultrasonic ranger, or its simulation by ray
 * casting), looking along one fixed direction.
 *
 * <p>Polling: {@link #latest()} never blocks; it returns the most recent reading, and the same instance
 * until a new measurement is taken. The device does its own timing (a background sampler for hardware,
 * {@code update(dt)} for the simulation), so a control loop may call {@code latest()} every cycle.
 *
 * <p>Threading: {@link #latest()} may be called from any thread. Lifecycle: created ready to use;
 * {@link #close()} releases the pins, after which readings are no longer updated.
 */
public interface RangeSensor extends AutoCloseable {

    /** The sensor's name from the configuration (for example {@code front}); unique per robot. */
    String name();

    /** Direction of the beam relative to the robot's heading, radians, counter-clockwise positive, in (-π, π]. */
    double mountAngleRadians();

    /** The farthest distance the sensor reports, metres, {@code > 0}. */
    double maxRangeMeters();

    /** The most recent reading; never null, never blocks (before the first measurement: a FAULT reading). */
    RangeReading latest();

    /** Releases the sensor's resources; idempotent. */
    @Override
    void close();
}
